# SPDX-License-Identifier: GPL-3.0-or-later
# The asyncio package of the simulator: the names CPython 3.11's
# asyncio/__init__.py exports (those that make sense without sockets,
# pipes, subprocesses and signals), gathered from the asyncio.* modules,
# each of which mirrors the CPython file of the same name.

import asyncio.exceptions as exceptions
import asyncio.coroutines as coroutines
import asyncio.format_helpers as format_helpers
import asyncio.events as events
import asyncio.futures as futures
import asyncio.tasks as tasks
import asyncio.base_events as base_events
import asyncio.unix_events as unix_events
import asyncio.locks as locks
import asyncio.queues as queues
import asyncio.runners as runners
import asyncio.timeouts as timeouts
import asyncio.taskgroups as taskgroups
import asyncio.threads as threads

from asyncio.base_events import BaseEventLoop
from asyncio.coroutines import iscoroutinefunction, iscoroutine
from asyncio.events import (
    AbstractEventLoopPolicy, AbstractEventLoop, AbstractServer,
    Handle, TimerHandle,
    get_event_loop_policy, set_event_loop_policy,
    get_event_loop, set_event_loop, new_event_loop,
    _set_running_loop, get_running_loop, _get_running_loop,
)
from asyncio.exceptions import (
    BrokenBarrierError, CancelledError, InvalidStateError, TimeoutError,
    IncompleteReadError, LimitOverrunError, SendfileNotAvailableError,
)
from asyncio.futures import Future, wrap_future, isfuture
from asyncio.locks import (
    Lock, Event, Condition, Semaphore, BoundedSemaphore, Barrier,
)
from asyncio.runners import Runner, run
from asyncio.queues import (
    Queue, PriorityQueue, LifoQueue, QueueFull, QueueEmpty,
)
from asyncio.tasks import (
    Task, create_task,
    FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED,
    wait, wait_for, as_completed, sleep,
    gather, shield, ensure_future, run_coroutine_threadsafe,
    current_task, all_tasks,
    _register_task, _unregister_task, _enter_task, _leave_task,
)
from asyncio.taskgroups import TaskGroup
from asyncio.timeouts import Timeout, timeout, timeout_at
from asyncio.threads import to_thread
from asyncio.unix_events import SelectorEventLoop, DefaultEventLoopPolicy
