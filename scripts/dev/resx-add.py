"""Adds or replaces UI strings: python3 scripts/dev/resx-add.py keys.json, where keys.json is {"Key": ["中文", "English"]}."""
import sys, json, os, importlib.util
BASE=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'KefuDesk.Web', 'Resources', 'SharedResource')
spec=importlib.util.spec_from_file_location('resx', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'resx-io.py'))
io=importlib.util.module_from_spec(spec); spec.loader.exec_module(io)
zh=io.load(BASE+'.resx'); en=io.load(BASE+'.en.resx')
new=json.load(open(sys.argv[1],encoding='utf-8'))
for k,(z,e) in new.items():
    zh[k]=z; en[k]=e
io.save(BASE+'.resx',zh); io.save(BASE+'.en.resx',en)
print(len(zh),'keys')
