// Written by `python -m easytrack.i18n compile` from easytrack/locale/*/LC_MESSAGES/messages.po.
// Do not edit: edit the .po files and compile again.

export const LANGUAGES = {"en": "English", "ru": "Русский"};

export const PLURAL = {
  en: (n) => Number((n != 1)),
  ru: (n) => Number(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2),
};

export const CATALOG = {
  ru: {"Admin":"Администрирование","Cancel":"Отмена","Create an account":"Создать аккаунт","Email":"Эл. почта","Forgot your password?":"Забыли пароль?","Grid":"Сетка","Habits":"Привычки","Log in":"Войти","Log out":"Выйти","Main":"Главное меню","Password":"Пароль","Send the confirmation e-mail again":"Отправить письмо с подтверждением ещё раз","Settings":"Настройки","Today":"Сегодня","Toggle dark mode":"Переключить тёмную тему","Wrong e-mail or password.":"Неверный адрес эл. почты или пароль."},
};
