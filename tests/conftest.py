import os

# Tests never phone home, whatever the developer's environment says.
os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
os.environ["DO_NOT_TRACK"] = "1"
