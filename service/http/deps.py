"""Typed FastAPI dependencies: what a router may ask for."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from service.config import Settings
from service.jobs.queue import JobQueue
from service.llm import Backend, ModelClient
from service.store import Database


@dataclass
class Services:
    """Everything long-lived that the process holds, built once in the app's lifespan."""

    settings: Settings
    backend: Backend
    model: ModelClient
    database: Database
    jobs: JobQueue


# The getters below are `async def` although they only read a field: FastAPI runs a plain `def`
# dependency on its thread pool, and those hand-offs cost more than the queue listing's query.
def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def get_settings_dep(request: Request) -> Settings:
    return get_services(request).settings


async def get_model(request: Request) -> ModelClient:
    return get_services(request).model


async def get_backend(request: Request) -> Backend:
    return get_services(request).backend


async def get_database(request: Request) -> Database:
    return get_services(request).database


def get_jobs(request: Request) -> JobQueue:
    return get_services(request).jobs


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ModelDep = Annotated[ModelClient, Depends(get_model)]
BackendDep = Annotated[Backend, Depends(get_backend)]
DatabaseDep = Annotated[Database, Depends(get_database)]
JobsDep = Annotated[JobQueue, Depends(get_jobs)]
