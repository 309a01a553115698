import asyncio
from os import environ
