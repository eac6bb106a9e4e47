"""The site served by waitress on 127.0.0.1:PORT exactly as a run_ziti.py worker runs it, without
Ziti: the "direct" side of bench/overlay.py.    python bench/direct_waitress.py PORT"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "family_tools.settings")


def main(port):
    import django

    django.setup()
    import waitress
    from django.conf import settings

    from family_tools.dark.worker import django_app, open_database_in_every_thread, waitress_options

    server = waitress.create_server(
        django_app(), host="127.0.0.1", port=port, **waitress_options(settings.ZITI_THREADS)
    )
    open_database_in_every_thread(server, settings.ZITI_THREADS)
    server.run()


if __name__ == "__main__":
    main(int(sys.argv[1]))
