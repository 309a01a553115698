class Stack:
    def __init__(self):
        self._items = []
    def push(self, x):
        self._items.append(x)
    def pop(self):
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()
    def peek(self):
        return self._items[-1]
    def __len__(self):
        return len(self._items)
    def __repr__(self):
        return f"Stack({self._items})"
s = Stack()
for i in range(4):
    s.push(i * i)
print(s, len(s), s.peek(), s.pop(), s)
try:
    Stack().pop()
except IndexError as e:
    print("IndexError:", e)
def balanced(text):
    pairs = {')': '(', ']': '[', '}': '{'}
    st = Stack()
    for ch in text:
        if ch in "([{":
            st.push(ch)
        elif ch in pairs:
            if not len(st) or st.pop() != pairs[ch]:
                return False
    return len(st) == 0
for t in ["()", "([]{})", "(]", "((", "a(b)c", ""]:
    print(repr(t), balanced(t))
class Queue:
    def __init__(self):
        self.inbox, self.outbox = [], []
    def put(self, x):
        self.inbox.append(x)
    def get(self):
        if not self.outbox:
            while self.inbox:
                self.outbox.append(self.inbox.pop())
        return self.outbox.pop()
    def __bool__(self):
        return bool(self.inbox or self.outbox)
q = Queue()
for c in "abc":
    q.put(c)
print(q.get())
q.put("d")
out = []
while q:
    out.append(q.get())
print(out)
class Node:
    def __init__(self, val, nxt=None):
        self.val, self.next = val, nxt
class LinkedList:
    def __init__(self, items=()):
        self.head = None
        for it in reversed(list(items)):
            self.head = Node(it, self.head)
    def __iter__(self):
        node = self.head
        while node:
            yield node.val
            node = node.next
    def reverse(self):
        prev, cur = None, self.head
        while cur:
            cur.next, prev, cur = prev, cur, cur.next
        self.head = prev
ll = LinkedList([1, 2, 3, 4])
print(list(ll))
ll.reverse()
print(list(ll), sum(ll), 3 in ll)
