"""The local API (stub until issue 4 lands): only /api/health."""

from aiohttp import web

from proxy.state import GuardState

STATE = web.AppKey("state", GuardState)


def make_app(state: GuardState) -> web.Application:
    app = web.Application()
    app[STATE] = state

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "mode": state.settings.mode})

    app.router.add_get("/api/health", health)
    return app
