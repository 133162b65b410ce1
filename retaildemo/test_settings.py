"""Settings for the test suite: the embedded defaults, whatever the developer's shell or .env say.

A developer who tried "Personalize mode offline" (README) has RECOMMENDATIONS_BACKEND and
PERSONALIZE_* in `.env` or exported; the suite must not inherit them. DATABASE_URL and
RETAILDEMO_SHARED_DATA are kept: they choose where the tests run and what they read.
"""

import os

os.environ["RETAILDEMO_READ_DOTENV"] = "false"
for _name in list(os.environ):
    if _name.startswith(("RECOMMENDATIONS_", "PERSONALIZE_", "EXPERIMENTS_", "AWS_ENDPOINT_URL")):
        del os.environ[_name]
for _name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"):
    os.environ.pop(_name, None)

from retaildemo.settings import *  # noqa: E402, F403
