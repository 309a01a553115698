# SPDX-License-Identifier: GPL-3.0-or-later
# threading for scenarios, in virtual time.
#
# The layout follows CPython 3.11's Lib/threading.py (same classes, same
# attribute names, same order of operations) so that programs observe the
# same names, the same `Thread-N (target)` numbering and the same wake-up
# order. The primitives underneath come from the simulator:
#
# * `_thread` locks are FIFO with direct hand-off (release() gives the lock
#   to the longest waiter, which goes to the back of the ready queue);
# * `_loopscope.sched_block` / `sched_make_ready` are the scheduler's bare
#   "block this thread" and "make that thread runnable".
#
# The ground truth is the reference runner (shared/oracle/vrun.py), which
# runs CPython with Condition, Thread.join and Thread.is_alive replaced by
# virtual versions. Where those differ from CPython's own code, this module
# follows the reference runner, and says so:
#
# * Condition keeps a FIFO of waiter records with a `granted` flag instead
#   of one private lock per waiter; notify() skips a waiter whose timed wait
#   has already expired (CPython would spend the notification on it).
# * Thread.join() waits on a per-thread condition that the thread notifies
#   as it ends, instead of on the interpreter's thread-state lock.
# * _shutdown() runs the threading atexit hooks, then joins every started,
#   unfinished, non-daemon thread in enumerate() order, as the runner does
#   when a program ends.

import _thread
import functools
import _loopscope

from time import monotonic as _time
from itertools import count as _count

__all__ = ['get_ident', 'active_count', 'Condition', 'current_thread',
           'enumerate', 'main_thread', 'TIMEOUT_MAX',
           'Event', 'Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Thread',
           'Barrier', 'BrokenBarrierError', 'Timer', 'ThreadError',
           'setprofile', 'settrace', 'local', 'stack_size',
           'excepthook', 'ExceptHookArgs', 'gettrace', 'getprofile',
           'get_native_id']

_start_new_thread = _thread.start_new_thread
_allocate_lock = _thread.allocate_lock
get_ident = _thread.get_ident
get_native_id = _thread.get_native_id
_HAVE_THREAD_NATIVE_ID = True
ThreadError = _thread.error
TIMEOUT_MAX = _thread.TIMEOUT_MAX

_sched_block = _loopscope.sched_block
_sched_make_ready = _loopscope.sched_make_ready
_log_error = _loopscope.log_error
_Deadlock = _loopscope.Deadlock

try:
    _CRLock = _thread.RLock
except AttributeError:
    _CRLock = None

try:
    import _trace
    _trace_thread_started = _trace.thread_started
    _trace_thread_finished = _trace.thread_finished
except (ImportError, AttributeError):
    def _trace_thread_started(thread):
        pass

    def _trace_thread_finished(thread):
        pass

del _thread


# -- tracing and profiling hooks (kept for API compatibility) --------------

_profile_hook = None
_trace_hook = None


def setprofile(func):
    global _profile_hook
    _profile_hook = func


def getprofile():
    return _profile_hook


def settrace(func):
    global _trace_hook
    _trace_hook = func


def gettrace():
    return _trace_hook


def stack_size(size=0):
    if size != 0 and size < 32768:
        raise ValueError("size not valid: %d bytes" % size)
    return 0


# -- locks -------------------------------------------------------------------

Lock = _allocate_lock


def RLock(*args, **kwargs):
    if _CRLock is None:
        return _PyRLock(*args, **kwargs)
    return _CRLock(*args, **kwargs)


class _RLock:
    # Reentrant lock built on a plain lock, as CPython's pure-Python one.
    # RLock() prefers the simulator's native _thread.RLock.

    def __init__(self):
        self._block = _allocate_lock()
        self._owner = None
        self._count = 0

    def __repr__(self):
        owner = self._owner
        try:
            owner = _active[owner].name
        except KeyError:
            pass
        return "<%s %s.%s object owner=%r count=%d at %s>" % (
            "locked" if self._block.locked() else "unlocked",
            self.__class__.__module__,
            self.__class__.__qualname__,
            owner,
            self._count,
            hex(id(self)))

    def acquire(self, blocking=True, timeout=-1):
        me = get_ident()
        if self._owner == me:
            self._count += 1
            return 1
        rc = self._block.acquire(blocking, timeout)
        if rc:
            self._owner = me
            self._count = 1
        return rc

    __enter__ = acquire

    def release(self):
        if self._owner != get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count = count = self._count - 1
        if not count:
            self._owner = None
            self._block.release()

    def __exit__(self, t, v, tb):
        self.release()

    def _acquire_restore(self, state):
        self._block.acquire()
        self._count, self._owner = state

    def _release_save(self):
        if self._count == 0:
            raise RuntimeError("cannot release un-acquired lock")
        count = self._count
        self._count = 0
        owner = self._owner
        self._owner = None
        self._block.release()
        return (count, owner)

    def _is_owned(self):
        return self._owner == get_ident()

    def _recursion_count(self):
        if self._owner != get_ident():
            return 0
        return self._count


_PyRLock = _RLock


# -- condition variables -----------------------------------------------------

class _Waiter:
    # One thread waiting in Condition.wait(): who it is, and whether a
    # notify() chose it (the reference runner's waiter record).

    def __init__(self, ident):
        self.ident = ident
        self.granted = False


class Condition:

    def __init__(self, lock=None):
        if lock is None:
            lock = RLock()
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release
        try:
            self._release_save = lock._release_save
        except AttributeError:
            pass
        try:
            self._acquire_restore = lock._acquire_restore
        except AttributeError:
            pass
        try:
            self._is_owned = lock._is_owned
        except AttributeError:
            pass
        # a list, not CPython's deque: waiter queues are short, and a list
        # is cheaper to create in the scenario VM
        self._waiters = []

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        return "<Condition(%s, %d)>" % (self._lock, len(self._waiters))

    def _release_save(self):
        self._lock.release()

    def _acquire_restore(self, x):
        self._lock.acquire()

    def _is_owned(self):
        if self._lock.acquire(False):
            self._lock.release()
            return False
        else:
            return True

    def wait(self, timeout=None):
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = _Waiter(get_ident())
        self._waiters.append(waiter)
        saved_state = self._release_save()
        try:
            if timeout is None:
                _sched_block(None)
            elif timeout > 0:
                _sched_block(timeout)
            return waiter.granted
        finally:
            # Leave the queue before taking the lock back: while this thread
            # waits for the lock, a notify() must not pick it.
            if not waiter.granted:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass
            self._acquire_restore(saved_state)

    def wait_for(self, predicate, timeout=None):
        endtime = None
        waittime = timeout
        result = predicate()
        while not result:
            if waittime is not None:
                if endtime is None:
                    endtime = _time() + waittime
                else:
                    waittime = endtime - _time()
                    if waittime <= 0:
                        break
            self.wait(waittime)
            result = predicate()
        return result

    def notify(self, n=1):
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        waiters = self._waiters
        while waiters and n > 0:
            waiter = waiters.pop(0)
            # False when that thread's timed wait already ran out: it is on
            # its way back and the notification goes to the next waiter.
            if _sched_make_ready(waiter.ident):
                waiter.granted = True
                n -= 1

    def notify_all(self):
        self.notify(len(self._waiters))

    def notifyAll(self):
        self.notify_all()


# -- semaphores --------------------------------------------------------------

class Semaphore:

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._cond = Condition(Lock())
        self._value = value

    def __repr__(self):
        cls = self.__class__
        return (f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}:"
                f" value={self._value}>")

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        rc = False
        endtime = None
        with self._cond:
            while self._value == 0:
                if not blocking:
                    break
                if timeout is not None:
                    if endtime is None:
                        endtime = _time() + timeout
                    else:
                        timeout = endtime - _time()
                        if timeout <= 0:
                            break
                self._cond.wait(timeout)
            else:
                self._value -= 1
                rc = True
        return rc

    __enter__ = acquire

    def release(self, n=1):
        if n < 1:
            raise ValueError('n must be one or more')
        with self._cond:
            self._value += n
            for i in range(n):
                self._cond.notify()

    def __exit__(self, t, v, tb):
        self.release()


class BoundedSemaphore(Semaphore):

    def __init__(self, value=1):
        Semaphore.__init__(self, value)
        self._initial_value = value

    def __repr__(self):
        cls = self.__class__
        return (f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}:"
                f" value={self._value}/{self._initial_value}>")

    def release(self, n=1):
        if n < 1:
            raise ValueError('n must be one or more')
        with self._cond:
            if self._value + n > self._initial_value:
                raise ValueError("Semaphore released too many times")
            self._value += n
            for i in range(n):
                self._cond.notify()


# -- events ------------------------------------------------------------------

class Event:

    def __init__(self):
        self._cond = Condition(Lock())
        self._flag = False

    def __repr__(self):
        cls = self.__class__
        status = 'set' if self._flag else 'unset'
        return f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}: {status}>"

    def is_set(self):
        return self._flag

    def isSet(self):
        return self.is_set()

    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        with self._cond:
            signaled = self._flag
            if not signaled:
                signaled = self._cond.wait(timeout)
            return signaled


# -- barriers ----------------------------------------------------------------

class Barrier:
    # _state: 0 filling, 1 draining, -1 resetting, -2 broken (as CPython)

    def __init__(self, parties, action=None, timeout=None):
        if parties < 1:
            raise ValueError("parties must be >= 1")
        self._cond = Condition(Lock())
        self._action = action
        self._timeout = timeout
        self._parties = parties
        self._state = 0
        self._count = 0

    def __repr__(self):
        cls = self.__class__
        if self.broken:
            return f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}: broken>"
        return (f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}:"
                f" waiters={self.n_waiting}/{self.parties}>")

    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            self._enter()
            index = self._count
            self._count += 1
            try:
                if index + 1 == self._parties:
                    self._release()
                else:
                    self._wait(timeout)
                return index
            finally:
                self._count -= 1
                self._exit()

    def _enter(self):
        while self._state in (-1, 1):
            self._cond.wait()
        if self._state < 0:
            raise BrokenBarrierError
        assert self._state == 0

    def _release(self):
        try:
            if self._action:
                self._action()
            self._state = 1
            self._cond.notify_all()
        except BaseException:
            self._break()
            raise

    def _wait(self, timeout):
        if not self._cond.wait_for(lambda: self._state != 0, timeout):
            self._break()
            raise BrokenBarrierError
        if self._state < 0:
            raise BrokenBarrierError
        assert self._state == 1

    def _exit(self):
        if self._count == 0:
            if self._state in (-1, 1):
                self._state = 0
                self._cond.notify_all()

    def reset(self):
        with self._cond:
            if self._count > 0:
                if self._state == 0:
                    self._state = -1
                elif self._state == -2:
                    self._state = -1
            else:
                self._state = 0
            self._cond.notify_all()

    def abort(self):
        with self._cond:
            self._break()

    def _break(self):
        self._state = -2
        self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        if self._state == 0:
            return self._count
        return 0

    @property
    def broken(self):
        return self._state == -2


class BrokenBarrierError(RuntimeError):
    pass


# -- the registry of threads -------------------------------------------------

_counter = _count(1)


def _newname(name_template):
    return name_template % next(_counter)


_active_limbo_lock = RLock()
_active = {}    # ident -> Thread, for threads that are running
_limbo = {}     # Thread -> Thread, started but not yet running


# -- threads -----------------------------------------------------------------

class Thread:

    _initialized = False

    def __init__(self, group=None, target=None, name=None,
                 args=(), kwargs=None, *, daemon=None):
        assert group is None, "group argument must be None for now"
        if kwargs is None:
            kwargs = {}
        if name:
            name = str(name)
        else:
            name = _newname("Thread-%d")
            if target is not None:
                try:
                    target_name = target.__name__
                    name += f" ({target_name})"
                except AttributeError:
                    pass

        self._target = target
        self._name = name
        self._args = args
        self._kwargs = kwargs
        if daemon is not None:
            self._daemonic = daemon
        else:
            self._daemonic = current_thread().daemon
        self._ident = None
        self._native_id = None
        self._tstate_lock = None
        self._started = Event()
        self._is_stopped = False
        # join() waits on this until the thread has ended (see the header)
        self._done_cond = Condition(Lock())
        self._start_called = False
        self._initialized = True
        self._invoke_excepthook = _make_invoke_excepthook()

    def __repr__(self):
        assert self._initialized, "Thread.__init__() was not called"
        status = "initial"
        if self._started.is_set():
            status = "started"
        self.is_alive()
        if self._is_stopped:
            status = "stopped"
        if self._daemonic:
            status += " daemon"
        if self._ident is not None:
            status += " %s" % self._ident
        return "<%s(%s, %s)>" % (self.__class__.__name__, self._name, status)

    def start(self):
        if not self._initialized:
            raise RuntimeError("thread.__init__() not called")

        if self._started.is_set():
            raise RuntimeError("threads can only be started once")

        with _active_limbo_lock:
            _limbo[self] = self
        try:
            _start_new_thread(self._bootstrap, ())
        except Exception:
            with _active_limbo_lock:
                del _limbo[self]
            raise
        self._start_called = True
        # The new thread waits at the back of the ready queue; blocking here
        # lets it run up to its first blocking point before start() returns.
        self._started.wait()

    def run(self):
        try:
            if self._target is not None:
                self._target(*self._args, **self._kwargs)
        finally:
            del self._target, self._args, self._kwargs

    def _bootstrap(self):
        try:
            self._bootstrap_inner()
        finally:
            # What the reference runner does once the thread's code is
            # over: mark it finished and wake every join()er, in order.
            try:
                with self._done_cond:
                    self._is_stopped = True
                    self._done_cond.notify_all()
            except _Deadlock:
                pass

    def _set_ident(self):
        self._ident = get_ident()

    def _set_native_id(self):
        self._native_id = get_native_id()

    def _bootstrap_inner(self):
        try:
            self._set_ident()
            self._set_native_id()
            self._started.set()
            with _active_limbo_lock:
                _active[self._ident] = self
                del _limbo[self]
            _trace_thread_started(self)

            try:
                self.run()
            except _Deadlock:
                # the run is ending (deadlock or teardown): not the
                # program's exception
                raise
            except BaseException as exc:
                self._invoke_excepthook(self, exc)
        finally:
            self._delete()
            _trace_thread_finished(self)

    def _stop(self):
        self._is_stopped = True
        self._tstate_lock = None

    def _delete(self):
        with _active_limbo_lock:
            del _active[get_ident()]

    def join(self, timeout=None):
        if not self._initialized:
            raise RuntimeError("Thread.__init__() not called")
        if not self._started.is_set():
            raise RuntimeError("cannot join thread before it is started")
        if self is current_thread():
            raise RuntimeError("cannot join current thread")

        cond = self._done_cond
        with cond:
            if timeout is None:
                while not self._is_stopped:
                    cond.wait()
            else:
                cond.wait_for(self._has_ended, max(timeout, 0))

    def _has_ended(self):
        return self._is_stopped

    @property
    def name(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._name

    @name.setter
    def name(self, name):
        assert self._initialized, "Thread.__init__() not called"
        self._name = str(name)

    @property
    def ident(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._ident

    @property
    def native_id(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._native_id

    def is_alive(self):
        assert self._initialized, "Thread.__init__() not called"
        if self._is_stopped or not self._started.is_set():
            return False
        return True

    @property
    def daemon(self):
        assert self._initialized, "Thread.__init__() not called"
        return self._daemonic

    @daemon.setter
    def daemon(self, daemonic):
        if not self._initialized:
            raise RuntimeError("Thread.__init__() not called")
        if self._started.is_set():
            raise RuntimeError("cannot set daemon status of active thread")
        self._daemonic = daemonic

    def isDaemon(self):
        return self.daemon

    def setDaemon(self, daemonic):
        self.daemon = daemonic

    def getName(self):
        return self.name

    def setName(self, name):
        self.name = name


# -- uncaught exceptions in threads ------------------------------------------

class ExceptHookArgs:

    def __init__(self, args):
        self.exc_type, self.exc_value, self.exc_traceback, self.thread = args

    def __iter__(self):
        return iter((self.exc_type, self.exc_value, self.exc_traceback,
                     self.thread))

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return (self.exc_type, self.exc_value, self.exc_traceback,
                self.thread)[index]

    def __repr__(self):
        return ("threading.ExceptHookArgs(exc_type=%r, exc_value=%r, "
                "exc_traceback=%r, thread=%r)"
                % (self.exc_type, self.exc_value, self.exc_traceback,
                   self.thread))


def _exception_text(exc_type, exc_value):
    # The last line of a CPython traceback (format_exception_only).
    name = getattr(exc_type, '__qualname__', None) or exc_type.__name__
    module = getattr(exc_type, '__module__', None)
    if module not in (None, 'builtins', '__main__'):
        name = module + '.' + name
    try:
        text = str(exc_value)
    except Exception:
        text = '<exception str() failed>'
    if exc_value is None or not text:
        return name
    return '%s: %s' % (name, text)


def _format_exception(exc_type, exc_value, exc_traceback):
    formatter = getattr(_loopscope, 'format_exception', None)
    if formatter is not None and exc_value is not None:
        return formatter(exc_value).rstrip('\n')
    return _exception_text(exc_type, exc_value)


def excepthook(args, /):
    if args.exc_type == SystemExit:
        return
    if args.thread is not None:
        name = args.thread.name
    else:
        name = get_ident()
    _log_error(f"Exception in thread {name}:\n"
               + _format_exception(args.exc_type, args.exc_value,
                                   args.exc_traceback))


__excepthook__ = excepthook


def _make_invoke_excepthook():
    old_excepthook = excepthook
    if old_excepthook is None:
        raise RuntimeError("threading.excepthook is None")

    def invoke_excepthook(thread, exc):
        try:
            hook = _current_excepthook()
            if hook is None:
                hook = old_excepthook
            args = ExceptHookArgs([type(exc), exc,
                                   getattr(exc, '__traceback__', None),
                                   thread])
            hook(args)
        except _Deadlock:
            raise
        except Exception as hook_exc:
            _log_error("Exception in threading.excepthook:\n"
                       + _format_exception(type(hook_exc), hook_exc, None))

    return invoke_excepthook


def _current_excepthook():
    return excepthook


# -- timers ------------------------------------------------------------------

class Timer(Thread):

    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = Event()

    def cancel(self):
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


# -- the main thread and foreign threads -------------------------------------

class _MainThread(Thread):

    def __init__(self):
        Thread.__init__(self, name="MainThread", daemon=False)
        self._started.set()
        self._set_ident()
        self._set_native_id()
        self._start_called = True
        with _active_limbo_lock:
            _active[self._ident] = self


class _DummyThread(Thread):
    # A thread started with _thread.start_new_thread, seen from threading.

    def __init__(self):
        Thread.__init__(self, name=_newname("Dummy-%d"), daemon=True)
        self._started.set()
        self._set_ident()
        self._set_native_id()
        with _active_limbo_lock:
            _active[self._ident] = self

    def _stop(self):
        pass

    def is_alive(self):
        assert not self._is_stopped and self._started.is_set()
        return True

    def join(self, timeout=None):
        assert False, "cannot join a dummy thread"


def current_thread():
    try:
        return _active[get_ident()]
    except KeyError:
        return _DummyThread()


def currentThread():
    return current_thread()


def active_count():
    with _active_limbo_lock:
        return len(_active) + len(_limbo)


def activeCount():
    return active_count()


def _enumerate():
    return list(_active.values()) + list(_limbo.values())


def enumerate():
    with _active_limbo_lock:
        return list(_active.values()) + list(_limbo.values())


# -- interpreter shutdown ----------------------------------------------------

_threading_atexits = []
_SHUTTING_DOWN = False


def _register_atexit(func, *arg, **kwargs):
    if _SHUTTING_DOWN:
        raise RuntimeError("can't register atexit after shutdown")
    call = functools.partial(func, *arg, **kwargs)
    _threading_atexits.append(call)


_main_thread = _MainThread()


def _shutdown():
    # Called by the simulator when the main program is over (normally or by
    # an uncaught exception). Daemon threads stay frozen where they are.
    if _main_thread._is_stopped:
        return
    global _SHUTTING_DOWN
    _SHUTTING_DOWN = True

    for atexit_call in reversed(_threading_atexits):
        try:
            atexit_call()
        except _Deadlock:
            raise
        except BaseException:
            pass

    while True:
        alive = [t for t in _enumerate()
                 if t is not _main_thread and t._start_called
                 and not t._is_stopped and not t._daemonic]
        if not alive:
            break
        for t in alive:
            t.join()
    _main_thread._is_stopped = True


def main_thread():
    return _main_thread


# -- thread-local data -------------------------------------------------------

class local:
    # Attributes live in one dict per thread (keyed by get_ident()). A
    # subclass's __init__ runs again, without arguments, the first time
    # another thread touches the object, as CPython does. Limitation: the
    # VM has no __getattribute__/__delattr__ hooks, so class attributes
    # shadow per-thread values and `del obj.attr` is not supported.

    def __init__(self, *args, **kw):
        if (args or kw) and type(self).__init__ is local.__init__:
            raise TypeError("Initialization arguments are not supported")
        _local_dicts(self)

    def __getattr__(self, name):
        if name.startswith('__') and name.endswith('__'):
            raise AttributeError(_local_missing(self, name))
        data = _local_dicts(self)
        try:
            return data[name]
        except KeyError:
            raise AttributeError(_local_missing(self, name)) from None

    def __setattr__(self, name, value):
        if name == '__dict__':
            raise AttributeError("'%s' object attribute '__dict__' is read-only"
                                 % ('_thread._local' if type(self) is local
                                    else type(self).__name__))
        _local_dicts(self)[name] = value


def _local_missing(obj, name):
    cls = type(obj)
    cls_name = '_thread._local' if cls is local else cls.__name__
    return "'%s' object has no attribute '%s'" % (cls_name, name)


def _local_dicts(obj):
    own = obj.__dict__
    dicts = own.get('_local__dicts')
    if dicts is None:
        dicts = {}
        own['_local__dicts'] = dicts
        own['_local__creator'] = get_ident()
    me = get_ident()
    data = dicts.get(me)
    if data is None:
        data = {}
        dicts[me] = data
        if me != own['_local__creator']:
            init = type(obj).__init__
            if init is not local.__init__:
                init(obj)
    return data


# Condition's __enter__, __exit__, _is_owned, _release_save,
# _acquire_restore, notify and notify_all done in C (ls-threadlib.c) when the
# lock is the simulator's own and nothing can raise or wait; otherwise the C
# versions call the methods defined above, whose frames a traceback shows.
_loopscope.condition_natives(Condition)
# Semaphore's acquire(timeout=0) with no permit left and release() with no
# thread waiting done in C (ls-threading-semaphore.c) likewise.
_loopscope.semaphore_natives(Semaphore, _Waiter, Condition)
