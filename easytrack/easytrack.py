"""The Reflex app: creates `app` and registers the pages; nothing else."""

import reflex as rx

from starlette.applications import Starlette

from easytrack import routes
from easytrack.api.app import create_api
from easytrack.components.i18n import t_device
from easytrack.components.pwa import connection_overlay
from easytrack.config import settings
from easytrack.ops.health import health_route
from easytrack.pages.admin import AdminState, admin_page
from easytrack.pages.confirm import ConfirmState, confirm_email_page, confirm_page
from easytrack.pages.data import DataState, data_page
from easytrack.pages.grid import GridState, grid_page
from easytrack.pages.habit_detail import HabitDetailState, habit_detail_page
from easytrack.pages.habits import HabitsState, habits_page
from easytrack.pages.home import HomeState, home_page
from easytrack.pages.login import login_page
from easytrack.pages.recover import RecoverState, forgot_page, resend_page, reset_page
from easytrack.pages.register import RegisterState, register_page
from easytrack.pages.reminders import RemindersState, reminders_page
from easytrack.pages.reminders_channels import ChannelsState
from easytrack.pages.reminders_push import PushState
from easytrack.pages.settings import SettingsState, settings_page
from easytrack.pages.tokens import TokensState, tokens_page
from easytrack.pages.unsubscribe import UnsubscribeState, unsubscribe_page
from easytrack.reminders.scheduler import reminder_loop
from easytrack.services.transfer.limits import MAX_UPLOAD
from easytrack.state.auth import AuthState, tab_is_logged_in
from easytrack.web import logcap
from easytrack.web.headers import SecurityHeaders
from easytrack.web.unsubscribe import unsubscribe_route
from easytrack.web.upload import UploadGuard

logcap.install()
MULTIPART_OVERHEAD = 64 * 1024  # an upload's form framing around the file itself

_HEAD = [
    rx.el.link(rel="manifest", href="/manifest.webmanifest"),
    rx.el.link(rel="icon", href="/favicon.ico", sizes="16x16 32x32 48x48"),
    rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
    rx.el.meta(name="theme-color", content="#46a758"),
]



def _in_front(inner):
    """Outermost: security headers on every response, and /_upload refused before its body is read."""
    guard = UploadGuard(inner, max_bytes=MAX_UPLOAD + MULTIPART_OVERHEAD,
                        authenticate=lambda client_token: tab_is_logged_in(app, client_token))
    return SecurityHeaders(guard, base_url=settings.base_url)


app = rx.App(
    # Sonner's list of toasts is announced as "Notifications" (alt+T moves there): in the device's language.
    # Keyed by the language so it is mounted afresh once the page has one: a page served prerendered (a
    # dynamic route) would otherwise keep the prerendered English label through hydration.
    toaster=rx.toast.provider(key=AuthState.lang, custom_attrs={"containerAriaLabel": t_device("Notifications")}),
    stylesheets=["/easytrack.css", "/ticks.css", "/pwa.css"],
    head_components=_HEAD,
    # The REST API matches first, then /health and /_unsubscribe, then Reflex's own routes and pages.
    api_transformer=[Starlette(routes=[health_route(), unsubscribe_route()]),
                     create_api(proxy_hops=rx.config.get_config().trusted_proxy_hops), _in_front],
)
# Reflex's connection toast speaks English only: the same overlay with our note in the reader's language.
app.app_wraps[(5, "Overlay")] = connection_overlay

# Every page first settles its language, then (private pages) who is logged in.
_public = [AuthState.pick_language]
_private = [*_public, AuthState.check_login]
app.add_page(home_page, route=routes.HOME, title="Today · easytrack", on_load=[*_private, HomeState.load])
app.add_page(grid_page, route=routes.GRID, title="Grid · easytrack",
             on_load=[*_private, GridState.load])
app.add_page(habits_page, route=routes.HABITS, title="Habits · easytrack", on_load=[*_private, HabitsState.load])
app.add_page(habit_detail_page, route=routes.HABIT, title="Habit · easytrack",
             on_load=[*_private, HabitDetailState.load])
app.add_page(settings_page, route=routes.SETTINGS, title="Settings · easytrack", on_load=[*_private, SettingsState.load])
app.add_page(data_page, route=routes.DATA, title="Import and export · easytrack",
             on_load=[*_private, DataState.reset_import])
app.add_page(tokens_page, route=routes.TOKENS, title="API tokens · easytrack", on_load=[*_private, TokensState.load])
app.add_page(login_page, route=routes.LOGIN, title="Log in · easytrack", on_load=[*_public, AuthState.redirect_if_logged_in])
app.add_page(register_page, route=routes.REGISTER, title="Create account · easytrack",
             on_load=[*_public, AuthState.redirect_if_logged_in, RegisterState.load_policy])
app.add_page(confirm_page, route=routes.CONFIRM, title="Confirm · easytrack", on_load=[*_public, ConfirmState.confirm_account])
app.add_page(confirm_email_page, route=routes.CONFIRM_EMAIL, title="Confirm e-mail · easytrack",
             on_load=[*_public, ConfirmState.confirm_email])
app.add_page(resend_page, route=routes.RESEND, title="Resend confirmation · easytrack", on_load=[*_public, RecoverState.clear])
app.add_page(forgot_page, route=routes.FORGOT, title="Forgot password · easytrack", on_load=[*_public, RecoverState.clear])
app.add_page(reset_page, route=routes.RESET, title="New password · easytrack", on_load=[*_public, RecoverState.clear])
app.add_page(reminders_page, route=routes.REMINDERS, title="Reminders · easytrack",
             on_load=[*_private, RemindersState.load, PushState.load, ChannelsState.load])
app.add_page(admin_page, route=routes.ADMIN, title="Admin · easytrack", on_load=[*_private, AdminState.load])
app.add_page(unsubscribe_page, route=routes.UNSUBSCRIBE, title="Unsubscribe · easytrack",
             on_load=[*_public, UnsubscribeState.unsubscribe])
app.register_lifespan_task(reminder_loop)
