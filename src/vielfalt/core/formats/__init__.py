"""Per-language date and number formats (``FORMAT_MODULE_PATH``), where Django's own do not fit.

- en: British style (7 January 2027, 17:30, 07/01/2027, weeks start on Monday); one English variant throughout.
- tr, uk: no leading zero in the day of a written-out date (7 Ocak 2027, 7 січня 2027 р.).
- ar, fa: the Arabic comma "،" between date and time; 24-hour clock as on every German page.
- Digits: ASCII digits (0-9) in every language, Farsi and Arabic included. People read and copy German
  postcodes, phone numbers, times and dates between the platform and German letters, forms and calendars;
  Django formats numbers and dates with ASCII digits; one digit system per page is what the review asked for.
"""
