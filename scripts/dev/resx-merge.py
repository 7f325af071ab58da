"""Git merge driver for the sorted resx files: a three-way merge by key.
Set up once: git config merge.resx.driver "python3 scripts/dev/resx-merge.py %O %A %B"
Keys changed on one side win; a key changed differently on both sides is a conflict (exit 1, listed)."""
import sys, importlib.util, os
spec = importlib.util.spec_from_file_location('resx', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'resx-io.py'))
io = importlib.util.module_from_spec(spec); spec.loader.exec_module(io)
base, ours, theirs = (io.load(p) for p in sys.argv[1:4])
merged, clashes = dict(ours), []
for k in set(base) | set(theirs):
    b, o, t = base.get(k), ours.get(k), theirs.get(k)
    if t == b or t == o:
        continue
    if o != b:
        clashes.append(k)
        continue
    if t is None:
        merged.pop(k, None)
    else:
        merged[k] = t
io.save(sys.argv[2], merged)
for k in clashes:
    print('resx conflict (kept ours):', k, file=sys.stderr)
sys.exit(1 if clashes else 0)
