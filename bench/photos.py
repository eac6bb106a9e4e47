"""`make bench-photos`: peak memory and time of phone photos posted to "new tool".

    python bench/photos.py [--cases jpeg,six,two-posts,png]

The photos are made here: a 48-megapixel JPEG (8064×6048, as a current phone takes it) and a
7000×7000 PNG. Each case runs in a fresh Python process that sets the site up on a temporary
database, signs a member in and posts the form through Django's test client, so the figures are
the site's own: peak resident memory (the kernel's high-water mark, ru_maxrss), resident memory
before and after (once the case is done), and wall-clock time.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    # name: (photo, photos per post, posts at once)
    "jpeg": ("phone.jpg", 1, 1),
    "six": ("phone.jpg", 6, 1),
    "two-posts": ("phone.jpg", 6, 2),
    "png": ("square.png", 1, 1),
    "png-six": ("square.png", 6, 1),
    "png-two-posts": ("square.png", 6, 2),
}


def make_photos(folder):
    """A 48 MP JPEG that compresses like a photo (smooth with some grain) and a 7000² PNG."""
    from PIL import Image

    small = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize((504, 378)),
            Image.radial_gradient("L").resize((504, 378)),
            Image.effect_noise((504, 378), 40),
        ],
    )
    small.resize((8064, 6048)).save(folder / "phone.jpg", quality=85)
    Image.radial_gradient("L").resize((7000, 7000)).convert("RGB").save(folder / "square.png")


def resident_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def run_case(photo, per_post, posts):
    """In the child process: one case, printed as JSON."""
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from PIL import Image

    from members.models import Member
    from toolpool.models import Photo

    setup_test_environment()
    call_command("migrate", verbosity=0)
    member = Member.objects.create(username="bench", display_name="Bench")
    data = Path(photo).read_bytes()
    statuses = []

    def post(data=data, count=per_post):
        client = Client()
        client.force_login(member)
        uploads = [SimpleUploadedFile(f"{n}{Path(photo).suffix}", data) for n in range(count)]
        form = {"name": "Drill", "category": "power", "condition": "good", "photos": uploads}
        form["auto_approve"] = "nobody"
        statuses.append(client.post("/tools/new/", form).status_code)

    # Warm up with a tiny photo of the same kind: imports and templates cost nothing below.
    tiny = BytesIO()
    Image.new("RGB", (64, 48)).save(tiny, Image.registered_extensions()[Path(photo).suffix])
    post(tiny.getvalue(), 1)
    Photo.objects.all().delete()
    before = resident_mb()
    started = time.perf_counter()
    threads = [threading.Thread(target=post) for _ in range(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    after = resident_mb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    result = {
        "statuses": statuses[1:],
        "photos": Photo.objects.count(),
        "seconds": seconds,
        "before": before,
        "peak": peak,
        "after": after,
    }
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cases", default=",".join(CASES), help="comma-separated: " + ", ".join(CASES)
    )
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--make-photos", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.make_photos:
        return make_photos(Path(options.make_photos))
    if options.case:
        photo, per_post, posts = json.loads(options.case)
        return run_case(photo, per_post, posts)

    folder = Path(tempfile.mkdtemp(prefix="bench-photos-"))
    # In a process of its own: a child's high-water mark starts at its parent's (Linux keeps
    # ru_maxrss across fork and exec), so this process must stay small.
    subprocess.run([sys.executable, __file__, "--make-photos", str(folder)], check=True)
    print(
        f"{'case':<14} {'photos':>6} {'status':>10} {'time s':>7} {'before MB':>9} "
        f"{'peak MB':>8} {'after MB':>8}"
    )
    for name in options.cases.split(","):
        photo, per_post, posts = CASES[name]
        case_dir = folder / name
        env = {
            **os.environ,
            "DATA_DIR": str(case_dir),
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-not-a-secret",
            "DJANGO_SETTINGS_MODULE": "family_tools.settings",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        argument = json.dumps([str(folder / photo), per_post, posts])
        child = subprocess.run(
            [sys.executable, __file__, "--case", argument],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode:
            sys.exit(f"{name} failed:\n{child.stderr}")
        result = json.loads(child.stdout.strip().splitlines()[-1])
        statuses = "/".join(str(status) for status in sorted(set(result["statuses"])))
        print(
            f"{name:<14} {result['photos']:>6} {statuses:>10} {result['seconds']:>7.2f} "
            f"{result['before']:>9.0f} {result['peak']:>8.0f} {result['after']:>8.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
