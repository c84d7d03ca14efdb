import tracemalloc


def mine(stats, lines):
    return [s for s in stats if s.traceback[0].filename.endswith("tracemalloc_lines.py") and s.traceback[0].lineno in lines]


print(tracemalloc.is_tracing())
tracemalloc.start()
print(tracemalloc.is_tracing())
words = [str(i) * 3 for i in range(1000, 1100)]
first = tracemalloc.take_snapshot()
for stat in mine(first.statistics("lineno"), [11]):
    print(stat.traceback[0].lineno, stat.count)
more = [str(i) * 3 for i in range(2000, 2050)]
del words
second = tracemalloc.take_snapshot()
for diff in mine(second.compare_to(first, "lineno"), [11, 15]):
    print(diff.traceback[0].lineno, diff.count, diff.count_diff, diff.size_diff < 0)
current, peak = tracemalloc.get_traced_memory()
print(current > 0, peak >= current)
tracemalloc.stop()
print(tracemalloc.is_tracing(), tracemalloc.get_traced_memory())
try:
    tracemalloc.take_snapshot()
except RuntimeError as error:
    print("RuntimeError:", error)
try:
    first.statistics("line")
except ValueError as error:
    print("ValueError:", error)
