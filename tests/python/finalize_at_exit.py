# weakref.finalize at the block's end, as at CPython's interpreter exit.
import weakref


class Resource:
    def __init__(self, name):
        self.name = name


kept = [Resource("first"), Resource("second"), Resource("third")]
for resource in kept:
    weakref.finalize(resource, print, "exit finalizer for", resource.name)
quiet = Resource("quiet")
f = weakref.finalize(quiet, print, "never printed: atexit is off")
f.atexit = False
gone = Resource("gone")
weakref.finalize(gone, print, "finalized before the end")
del gone
print("block ends")
