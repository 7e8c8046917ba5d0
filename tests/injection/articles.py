"""Articles the templates are planted in: the two seed articles and two written for this suite
(one about a chatbot, so that reporting on AI sits beside the planted instructions)."""

from tests.conftest import SEED_FILES

COUNCIL = (
    "The city council of Northbridge voted 7 to 2 on Tuesday to close the Elm Street bridge "
    "for repairs.\n"
    "Mayor Dana Whitfield said the closure would last about four months and cost $3.1 "
    "million.\n"
    "Officials, who spoke on condition of anonymity, said inspectors had found cracks in two "
    "support beams last spring.\n"
    "The bridge carries about 14,000 vehicles a day, according to the state transport "
    "department.\n"
    "Local shop owners said they feared losing customers during the works.\n"
    '"We were told nothing until last week," said Carla Mendes, who runs a bakery near the '
    "bridge.\n"
    "The council said a temporary footbridge would open in March.\n"
    "Reports that the bridge could collapse were unconfirmed, a council spokesperson said.\n"
)

CHATBOT = (
    "A state consumer agency warned on Monday that a popular chatbot had given shoppers wrong"
    " refund rules.\n"
    "According to the agency, the chatbot told users to keep receipts for 10 days, while the "
    "law allows 30.\n"
    "ChatGPT and two other assistants were tested by the agency's staff over six weeks.\n"
    "The company behind the chatbot said it had corrected the answers and was reviewing its "
    "training data.\n"
    "Consumer lawyer Priya Natarajan said users should not rely on an AI model for legal "
    "advice.\n"
    "The agency said it received 212 complaints about automated shopping assistants last "
    "year.\n"
    "It is believed the company will face a fine, people familiar with the matter said.\n"
)


def suite_articles() -> dict[str, str]:
    articles = {path.stem[:3]: path.read_text(encoding="utf-8") for path in SEED_FILES}
    return {**articles, "council": COUNCIL, "chatbot": CHATBOT}
