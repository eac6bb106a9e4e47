"""What lets trip pages open without a connection where the browser allows a service worker."""

import json

from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse

# The worker keeps these for pages opened offline; the pages it caches as they are visited.
ASSETS = [
    "css/site.css",
    "notifications/notifications.css",
    "img/icon.svg",
    "vendor/htmx-2.0.11.min.js",
    "js/forms.js",
    "packertracker/packer.css",
    "packertracker/packer.js",
]


def service_worker(request):
    """Served under /trips/ so that its scope is the trip pages (a static file's would not be)."""
    config = {
        "assets": [static(path) for path in ASSETS],
        "signIn": reverse("members:login"),
    }
    worker = f"const CONFIG = {json.dumps(config)};\n" + WORKER
    return HttpResponse(worker, content_type="text/javascript")


def manifest(request):
    trips = reverse("packertracker:trip_list")
    icons = [
        {"src": static(f"packertracker/icons/icon-{size}.png"), "sizes": f"{size}x{size}"}
        for size in (192, 512)
    ]
    body = {
        "name": "family_tools trips",
        "short_name": "Trips",
        "start_url": trips,
        "scope": trips,
        "display": "standalone",
        "background_color": "#e3efe4",
        "theme_color": "#2b6a3b",
        "icons": [{**icon, "type": "image/png"} for icon in icons],
    }
    return JsonResponse(body, content_type="application/manifest+json")


WORKER = """
// Trip pages from the network, and the last copy of each when there is none.
const CACHE = "packertracker-" + CONFIG.assets.join("|").length;
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(CONFIG.assets)));
  self.skipWaiting();
});
self.addEventListener("activate", (event) => {
  const old = caches.keys().then((keys) => keys.filter((key) => key !== CACHE));
  event.waitUntil(old.then((keys) => Promise.all(keys.map((key) => caches.delete(key)))));
  self.clients.claim();
});
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.redirected && new URL(response.url).pathname === CONFIG.signIn) {
          caches.delete(CACHE);  // signed out: no trip page stays on the device
        } else if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request).then((hit) => hit || Response.error())),
  );
});
"""
