import os
import sys

from .cli import main

code = main()
# Leave without freeing the parser's and the site builder's objects one by one (half a second
# after a build that parsed something): every file is closed and the output is flushed here.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
