"""A web process loads no PDF or chart library: WeasyPrint, pikepdf, pypdf, matplotlib and
fontTools are imported by the render tasks when they run (README: Pages at scale), which
keeps a gunicorn worker's memory well under the export's 150 MB goal."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("weasyprint", "pikepdf", "pypdf", "matplotlib", "fontTools")

CHECK = """
import importlib
import sys
from django.apps import apps
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

get_wsgi_application()
get_resolver().url_patterns  # every app's URLs, views and forms imported
for config in apps.get_app_configs():  # the task modules the web process queues through
    try:
        importlib.import_module(config.name + ".tasks")
    except ModuleNotFoundError as exc:
        if exc.name != config.name + ".tasks":
            raise
print(" ".join(sorted(name for name in {heavy} if name in sys.modules)))
"""


def test_the_web_process_imports_no_pdf_or_chart_library():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "csp_portal.settings",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "test-only-secret-key")}
    out = subprocess.run([sys.executable, "-c", CHECK.format(heavy=HEAVY)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1:] in ([], [""]), out.stdout
