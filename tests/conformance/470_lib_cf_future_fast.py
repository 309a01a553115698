# concurrent.futures.Future's done/cancelled/result/exception and
# set_running_or_notify_cancel in every state, on subclasses and called
# unbound (the C fast paths and the Python methods they fall back to).
import concurrent.futures as cf


def show(tag, f):
    print(tag, f.done(), f.cancelled(), f.running())
    for name in ('result', 'exception'):
        try:
            print(' ', name, repr(getattr(f, name)(timeout=0)))
        except BaseException as exc:
            print(' ', name, 'raised', type(exc).__name__, exc.args)


class Sub(cf.Future):
    def cancelled(self):
        return 'never'


class Done(cf.Future):
    def done(self):
        return 'overridden'


f = cf.Future()
show('pending', f)
print('set_running', f.set_running_or_notify_cancel(), f._state)
show('running', f)
try:
    f.set_running_or_notify_cancel()
except RuntimeError as exc:
    print('again:', exc)
f.set_result([1, 2])
show('finished', f)
print(f.result(), f.exception(), cf.Future.result(f), cf.Future.done(f))
g = cf.Future()
g.set_exception(ValueError('boom'))
show('failed', g)
h = cf.Future()
print('cancel', h.cancel(), h.set_running_or_notify_cancel())
show('cancelled', h)
s = Sub()
s.set_result(3)
print('sub', s.result(), s.done(), s.cancelled(), Done().done())
f._exception = 0
print('falsy exception', f.result(), f.exception())
f._state = 'RUNNING'
show('forced running', f)
try:
    cf.Future.done()
except TypeError as exc:
    print('unbound:', exc)
