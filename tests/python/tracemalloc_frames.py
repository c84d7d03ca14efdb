import tracemalloc


def make(n, start):
    out = [None] * n
    for i in range(start, start + n):
        out[i - start] = str(i) * 3
    return out


def outer(n, start):
    return make(n, start)


def deeper(n, start):
    return outer(n, start)


class Node:
    __slots__ = ("value",)


def node():
    return Node()


def gen(n):
    for i in range(n):
        yield str(i + 5000) * 3


def mine(snapshot):
    return snapshot.filter_traces([tracemalloc.Filter(True, "*tracemalloc_frames.py", 7)])


def show(lines):
    for line in lines:
        print(line.replace(FILE, "F"))


print(tracemalloc.get_traceback_limit())
tracemalloc.start(3)
tracemalloc.start(5)
print(tracemalloc.get_traceback_limit(), tracemalloc.is_tracing())
kept = deeper(5, 1000)
more = outer(2, 2000)
snapshot = tracemalloc.take_snapshot()
print(snapshot.traceback_limit)
ours = mine(snapshot)
print(len(ours.traces), ours.traceback_limit)
stats = ours.statistics("traceback")
FILE = stats[0].traceback[0].filename
for stat in stats:
    show([str(stat), repr(stat.traceback)])
    print(len(stat.traceback), stat.traceback.total_nframe)
    show(stat.traceback.format())
    show(stat.traceback.format(limit=1))
    show(stat.traceback.format(limit=-1, most_recent_first=True))
    show(stat.traceback.format(most_recent_first=True))
    show([str(stat.traceback[-1]), str(stat.traceback[0]), repr(stat.traceback[1:])])
for one in ours.traces:
    if one.traceback[0].lineno == 46:
        trace = one
show([str(trace), repr(trace)])
print(trace.domain, trace.size > 0, trace.traceback.total_nframe)
for stat in ours.statistics("lineno", cumulative=True):
    show([str(stat).split(": size=")[0]])
    print(stat.count)
for stat in ours.statistics("filename", cumulative=True):
    show([str(stat).split(": size=")[0]])
    print(stat.count)
for stat in ours.statistics("lineno"):
    show([str(stat).split(": size=")[0]])
    print(stat.count)
kept = None
later = mine(tracemalloc.take_snapshot())
for diff in later.compare_to(ours, "lineno", cumulative=True):
    show([str(diff).split(": size=")[0]])
    print(diff.count, diff.count_diff, diff.size_diff < 0)
for diff in later.compare_to(ours, "traceback"):
    show([str(diff).split(": size=")[0]])
    print(diff.count, diff.count_diff)

print("filters")
f = tracemalloc.Filter(False, "x.pyc")
print(f.inclusive, f.filename_pattern, f.lineno, f.all_frames, f.domain)
f = tracemalloc.Filter(True, "*.py", lineno=3, all_frames=True, domain=0)
print(f.inclusive, f.filename_pattern, f.lineno, f.all_frames, f.domain)
d = tracemalloc.DomainFilter(False, 0)
print(d.inclusive, d.domain)
kept = deeper(4, 3000)
whole = tracemalloc.take_snapshot()
def count(filters):
    return len(whole.filter_traces(filters).traces)
a = count([tracemalloc.Filter(True, "*tracemalloc_frames.py", 7)])
print(a)
not_lists = tracemalloc.Filter(False, "*tracemalloc_frames.py", 5)
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.py", 12, all_frames=True), not_lists]) == a)
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.py", 16, all_frames=True), not_lists]) == a - 2)
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.py", 12)]))
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.py", 7, domain=1)]))
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.py", 7, domain=0)]))
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.p[xy]", 7)]))
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.p?", 7)]))
print(count([tracemalloc.Filter(True, "*[!a]racemalloc_frames.py", 7)]))
print(count([tracemalloc.Filter(True, "*[a]racemalloc_frames.py", 7)]))
print(count([tracemalloc.Filter(True, "tracemalloc_frames.py", 7)]))
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.pyc", 7)]))
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.py", 7), tracemalloc.Filter(False, "*tracemalloc_frames.py", 7)]))
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.py", 7), tracemalloc.Filter(True, "*tracemalloc_frames.py", 12)]) == a)
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.py", 7), tracemalloc.Filter(False, "*tracemalloc_frames.py", 16, all_frames=True)]))
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.py", 7), tracemalloc.DomainFilter(False, 0)]))
print(count([tracemalloc.Filter(True, "*tracemalloc_frames.py", 7), tracemalloc.DomainFilter(True, 0)]) == a)
print(count([]) == len(whole.traces))
try:
    whole.filter_traces(5)
except TypeError as error:
    print("TypeError:", error)
try:
    whole.statistics("traceback", cumulative=True)
except ValueError as error:
    print("ValueError:", error)

print("objects")
n = node()
show(tracemalloc.get_object_traceback(n).format())
print(repr(tracemalloc.get_object_traceback(n)).replace(FILE, "F"))
text = outer(1, 4000)[0]
show([str(tracemalloc.get_object_traceback(text)), repr(tracemalloc.get_object_traceback(text))])
print(len(tracemalloc.get_object_traceback(text)), tracemalloc.get_object_traceback(text).total_nframe)
print(tracemalloc.get_object_traceback(5))

print("generators")
words = list(gen(3))
for word in words:
    show([repr(tracemalloc.get_object_traceback(word))])
tracemalloc.stop()
print(tracemalloc.get_object_traceback(n))
print(tracemalloc.get_traceback_limit())
