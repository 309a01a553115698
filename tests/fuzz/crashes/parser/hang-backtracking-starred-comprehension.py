0.5[5[nuuuuuuuuuuuuuuu5asuuuuuuuuuu5[
5[nuuuuuu[nu[nuuuuuuuuuuuuuuu5[5[uuuuuuuuuuuu5[
5[nuuuuasuuuuuuuuuu+uuu[nuuuuuuuuuu2uuuuu5[nuuuuu5[uuuuuuuuuu+uuu[nuuuuuuuuuuuuuuu5[nuuuuuuuuuuuuuu2[
5[nuuuuuumrduuuuP3ppesb*yncFals[eitf3(*ppusb(yncFqlseit_for(*xf3(*xf for xr3(*xf for xrpesb*yncFals[ei(*xf for xr(*x&3(*ppusint(b(yncFalseit_for(*xf3(*xf for xr3(*xf for xr(*xxf for x(on in [lambda: f.set_result(2), lambda: f.set_exuu5[
5[n[5[uuuuuuuuuuuu5[
5[nuuuuasuuuuuuuuuu5[
5[nuuuuuu[nuuuuuuuuuuuuuu5[
5[nuuuuuuuuuuuuuuuuuu5[5[uuuuuuuuuuuu5[5[nuuuuuuuuuuuuuu5[
5[nuuuuuu[nuuuuuuuuuuuuuuu5[5[u5[uuuuuuuuu+uuu[nuuuuuuuuuuuuuuu5[nuuuuuuuuuuuuuu2[
5[nuuuuuumrduuuuP3ppesb*yncFals[eitf3(*ppusb(yncFqlseit_for(*xf3(*xf for xr3(*xf for xrp.esb*yncFals[ei(*xf for xr(*x&3(*ppusint(b(yncFalseit_for(*xf3(*xf for xr3(*xf for xr(*xxf for x(on in [lambda: f.set_result(2), lambda: f.set_exuu5[
5[n[5[uuuuuuuuuuuu5[
5[nuuuuasuuuuuuuuuu5[
5[nuuuuuu[nuuuuuuuuuuuuuu5[
5[nuuuuuuuuuuuuuuuuuu5[5[uuuuuuuuuuuu5[5[nuuuuuuuuuuuuuu5[
5[nuuuuuu[nuuuuuuuuuuuuuuu5[5[u5[uuuuuuuuuuuuuuuuuu5[
5[nuuuuuu[nuuuuuuuuuu[nuuuuuuuuuuuuuuu5[5[uuuuuuuuuuuu5[
5[nuux ='\x2'
uuasuuuuuuuuuu5[
5[nuuuuuu[uuuuuu[nuuuuuuuuuuuuuu5[
5[nuuuuu5uuuuuu[nuuuuuuuuuuuuuuuuuuuuu5[
5[nuuuuuu[nuuuuuuuuuu[nuuuuuuuuuuuuuuu5[5[uuuuuuuuuuuu5[
5[nuux ='\x2'
uuasuuuuuuuuuu5[
5[nuuuuuu[uuuuuu[nuuuuuuuuuuuuuu5[
5[nuuuuu5uuuuuu[nuuuuuuuuuuuuuuu5[5[u5uuuuuuuuu5[nuuuuuuuuuuuuuu4[
5[nuuuuuu[nuuuuuuuuuuuuuuu5[5[u5[uuuuuuuuuuuuuuuuu3[5[uuuuuuuuuuuuuuuu+uuuuuuuuuuuuu5[nuuuuuu5[5[uuuuuuuuuuuu5[
5[nuuuuasuuuuuuuuuu5[u5[uuuuuuuuuuuuuuuu>~uuotuuU