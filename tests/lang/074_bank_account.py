class InsufficientFunds(Exception):
    def __init__(self, needed, available):
        super().__init__(needed, available)
        self.needed = needed
        self.available = available
    def __str__(self):
        return f"need {self.needed}, have {self.available}"
class Account:
    interest = 0.02
    _next = 100
    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
        self.number = Account._next
        Account._next += 1
        self.log = []
    @property
    def balance(self):
        return self._balance
    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self._balance += amount
        self.log.append(("dep", amount))
    def withdraw(self, amount):
        if amount > self._balance:
            raise InsufficientFunds(amount, self._balance)
        self._balance -= amount
        self.log.append(("wd", amount))
    def add_interest(self):
        self._balance = round(self._balance * (1 + self.interest), 2)
    def __repr__(self):
        return f"Account({self.owner!r}, {self._balance})"
class Savings(Account):
    interest = 0.05
    def withdraw(self, amount):
        if len([1 for kind, _ in self.log if kind == "wd"]) >= 2:
            raise RuntimeError("withdrawal limit reached")
        super().withdraw(amount)
def transfer(src, dst, amount):
    try:
        src.withdraw(amount)
    except InsufficientFunds as e:
        print(f"transfer {src.owner}->{dst.owner} failed: {e}")
        return False
    else:
        dst.deposit(amount)
        return True
    finally:
        print("audit:", src, dst)
a = Account("ann", 100)
b = Savings("bob", 50)
print(a.number, b.number, a, b)
print(transfer(a, b, 30), transfer(b, a, 500))
for amt in (10, 10, 10):
    try:
        b.withdraw(amt)
        print("withdrew", amt, b.balance)
    except RuntimeError as e:
        print("RuntimeError:", e)
try:
    a.deposit(-5)
except ValueError as e:
    print("ValueError:", e)
a.add_interest(); b.add_interest()
print(a.balance, b.balance, a.log, b.log)
try:
    a.balance = 1000
except AttributeError:
    print("balance is read-only")
e = InsufficientFunds(5, 1)
print(repr(e), e.args, str(e))
