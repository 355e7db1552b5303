"""The words the design prints around an article's own text, in the languages the builder knows,
in one table: its section labels, callout kinds, worksheet notes, the running footer's "Page 1
of 2" and the FAQ's marker, the review dates' phrases and the default FAQ heading (the quotation
marks are the reader's: read/inline_text.py). The checks count the labels as furniture (text between
items that is the design's, not the article's). tests/test_languages.py holds every language
to every key."""

from __future__ import annotations

from handout.languages import table_key

LABELS = {
    "en": {
        "quick_answer": "Quick answer", "contents": "Contents", "reflection": "For reflection",
        "your_number": "Your number:", "fillable_note": "You can fill in this worksheet on screen in its PDF.",
        "note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution",
        "faq_heading": "Frequently Asked Questions", "question": "Q", "page_of": "Page {page} of {pages}",
        "reviewed": "Reviewed {date}", "review_by": "Review by {date}"
    },
    "es": {
        "quick_answer": "Respuesta rápida", "contents": "Contenido", "reflection": "Para reflexionar",
        "your_number": "Su número:", "fillable_note": "Puede rellenar esta hoja en pantalla en su PDF.",
        "note": "Nota", "tip": "Consejo", "important": "Importante", "warning": "Advertencia",
        "caution": "Precaución", "faq_heading": "Preguntas frecuentes", "question": "P",
        "page_of": "Página {page} de {pages}", "reviewed": "Revisado el {date}",
        "review_by": "Revisar antes del {date}"
    },
    "fr": {
        "quick_answer": "En bref", "contents": "Sommaire", "reflection": "Pour réfléchir",
        "your_number": "Votre chiffre :",
        "fillable_note": "Vous pouvez remplir cette fiche à l’écran dans son PDF.", "note": "Remarque",
        "tip": "Astuce", "important": "Important", "warning": "Avertissement", "caution": "Attention",
        "faq_heading": "Questions fréquentes", "question": "Q", "page_of": "Page {page} sur {pages}",
        "reviewed": "Revu le {date}", "review_by": "À revoir avant le {date}"
    },
    "de": {
        "quick_answer": "Kurz gesagt", "contents": "Inhalt", "reflection": "Zum Nachdenken",
        "your_number": "Ihre Zahl:",
        "fillable_note": "Sie können dieses Arbeitsblatt am Bildschirm im PDF ausfüllen.", "note": "Hinweis",
        "tip": "Tipp", "important": "Wichtig", "warning": "Warnung", "caution": "Vorsicht",
        "faq_heading": "Häufige Fragen", "question": "F", "page_of": "Seite {page} von {pages}",
        "reviewed": "Geprüft am {date}", "review_by": "Nächste Prüfung bis {date}"
    },
    "pl": {
        "quick_answer": "W skrócie", "contents": "Spis treści", "reflection": "Do przemyślenia",
        "your_number": "Twoja ocena:", "fillable_note": "Ten arkusz możesz wypełnić na ekranie, w pliku PDF.",
        "note": "Uwaga", "tip": "Wskazówka", "important": "Ważne", "warning": "Ostrzeżenie", "caution": "Ostrożnie",
        "faq_heading": "Często zadawane pytania", "question": "P", "page_of": "Strona {page} z {pages}",
        "reviewed": "Sprawdzono {date}", "review_by": "Następny przegląd do {date}"
    },
    "tr": {
        "quick_answer": "Kısaca", "contents": "İçindekiler", "reflection": "Düşünmek için",
        "your_number": "Puanınız:",
        "fillable_note": "Bu çalışma sayfasını PDF dosyasında ekran üzerinden doldurabilirsiniz.", "note": "Not",
        "tip": "İpucu", "important": "Önemli", "warning": "Uyarı", "caution": "Dikkat",
        "faq_heading": "Sıkça Sorulan Sorular", "question": "S", "page_of": "Sayfa {page}/{pages}",
        "reviewed": "Gözden geçirme: {date}", "review_by": "Sonraki gözden geçirme: {date}"
    },
    "vi": {
        "quick_answer": "Tóm tắt", "contents": "Mục lục", "reflection": "Để suy ngẫm",
        "your_number": "Số bạn chọn:",
        "fillable_note": "Bạn có thể điền phiếu bài tập này ngay trên màn hình, trong tệp PDF.", "note": "Ghi chú",
        "tip": "Mẹo", "important": "Quan trọng", "warning": "Cảnh báo", "caution": "Thận trọng",
        "faq_heading": "Câu hỏi thường gặp", "question": "H", "page_of": "Trang {page}/{pages}",
        "reviewed": "Đã rà soát: {date}", "review_by": "Rà soát lại trước: {date}"
    },
    "uk": {
        "quick_answer": "Коротко", "contents": "Зміст", "reflection": "Для роздумів", "your_number": "Ваша оцінка:",
        "fillable_note": "Цей аркуш можна заповнити на екрані у PDF-файлі.", "note": "Примітка", "tip": "Порада",
        "important": "Важливо", "warning": "Попередження", "caution": "Обережно", "faq_heading": "Часті запитання",
        "question": "П", "page_of": "Сторінка {page} з {pages}", "reviewed": "Переглянуто {date}",
        "review_by": "Наступний перегляд до {date}"
    },
    "ar": {
        "quick_answer": "باختصار", "contents": "المحتويات", "reflection": "للتأمل", "your_number": "رقمك:",
        "fillable_note": "يمكنك تعبئة ورقة العمل هذه على الشاشة في ملف PDF الخاص بها.", "note": "ملاحظة",
        "tip": "نصيحة", "important": "مهم", "warning": "تحذير", "caution": "تنبيه",
        "faq_heading": "الأسئلة الشائعة", "question": "س", "page_of": "الصفحة {page} من {pages}",
        "reviewed": "تمت المراجعة في {date}", "review_by": "المراجعة القادمة قبل {date}"
    },
    "fa": {
        "quick_answer": "خلاصه", "contents": "فهرست مطالب", "reflection": "برای تأمل", "your_number": "عدد شما:",
        "fillable_note": "می‌توانید این کاربرگ را در فایل PDF آن، روی صفحه پر کنید.", "note": "یادداشت",
        "tip": "نکته", "important": "مهم", "warning": "هشدار", "caution": "احتیاط",
        "faq_heading": "پرسش‌های متداول", "question": "س", "page_of": "صفحهٔ {page} از {pages}",
        "reviewed": "بازبینی‌شده در {date}", "review_by": "بازبینی بعدی تا {date}"
    },
    "he": {
        "quick_answer": "בקצרה", "contents": "תוכן העניינים", "reflection": "למחשבה", "your_number": "המספר שלך:",
        "fillable_note": "אפשר למלא את דף העבודה הזה על המסך, בקובץ ה־PDF שלו.", "note": "הערה", "tip": "טיפ",
        "important": "חשוב", "warning": "אזהרה", "caution": "זהירות", "faq_heading": "שאלות נפוצות",
        "question": "ש", "page_of": "עמוד {page} מתוך {pages}", "reviewed": "נבדק ב־{date}",
        "review_by": "בדיקה חוזרת עד {date}"
    },
    "ur": {
        "quick_answer": "خلاصہ", "contents": "فہرست", "reflection": "غور کرنے کے لیے", "your_number": "آپ کا نمبر:",
        "fillable_note": "آپ یہ ورک شیٹ اس کی PDF فائل میں اسکرین پر ہی پُر کر سکتے ہیں۔", "note": "نوٹ",
        "tip": "مشورہ", "important": "اہم", "warning": "انتباہ", "caution": "احتیاط",
        "faq_heading": "اکثر پوچھے جانے والے سوالات", "question": "س", "page_of": "صفحہ {page} از {pages}",
        "reviewed": "نظرِ ثانی: {date}", "review_by": "اگلی نظرِ ثانی: {date} تک"
    },
    "zh-hans": {
        "quick_answer": "简要回答", "contents": "目录", "reflection": "想一想", "your_number": "你的分数：",
        "fillable_note": "你可以直接在屏幕上填写本练习的 PDF 文件。", "note": "说明", "tip": "提示",
        "important": "重要", "warning": "警告", "caution": "注意", "faq_heading": "常见问题", "question": "问",
        "page_of": "第{page}页，共{pages}页", "reviewed": "审阅日期：{date}", "review_by": "下次审阅：{date}前"
    },
    "zh-hant": {
        "quick_answer": "簡要回答", "contents": "目錄", "reflection": "想一想", "your_number": "你的分數：",
        "fillable_note": "你可以直接在螢幕上填寫這份練習單的 PDF 檔。", "note": "說明", "tip": "提示",
        "important": "重要", "warning": "警告", "caution": "注意", "faq_heading": "常見問題", "question": "問",
        "page_of": "第{page}頁，共{pages}頁", "reviewed": "審閱日期：{date}", "review_by": "下次審閱：{date}前"
    },
    "ja": {
        "quick_answer": "要点", "contents": "目次", "reflection": "振り返り", "your_number": "あなたの点数：",
        "fillable_note": "このワークシートは、PDFファイル上で画面から直接記入できます。", "note": "メモ",
        "tip": "ヒント", "important": "重要", "warning": "警告", "caution": "注意", "faq_heading": "よくある質問",
        "question": "Q", "page_of": "{page} / {pages} ページ", "reviewed": "確認日：{date}",
        "review_by": "次回見直し：{date}まで"
    },
    "ko": {
        "quick_answer": "핵심 요약", "contents": "목차", "reflection": "생각해 보기", "your_number": "내 점수:",
        "fillable_note": "이 활동지는 PDF 파일에서 화면으로 바로 작성할 수 있습니다.", "note": "참고", "tip": "팁",
        "important": "중요", "warning": "경고", "caution": "주의", "faq_heading": "자주 묻는 질문", "question": "Q",
        "page_of": "{pages}쪽 중 {page}쪽", "reviewed": "검토일: {date}", "review_by": "다음 검토: {date}까지"
    },
    "hi": {
        "quick_answer": "संक्षेप में", "contents": "विषय-सूची", "reflection": "सोचने के लिए",
        "your_number": "आपका अंक:", "fillable_note": "आप यह वर्कशीट इसकी PDF फ़ाइल में स्क्रीन पर ही भर सकते हैं।",
        "note": "नोट", "tip": "सुझाव", "important": "महत्वपूर्ण", "warning": "चेतावनी", "caution": "सावधानी",
        "faq_heading": "अक्सर पूछे जाने वाले प्रश्न", "question": "प्र", "page_of": "पृष्ठ {pages} में से {page}",
        "reviewed": "समीक्षा: {date}", "review_by": "अगली समीक्षा: {date} तक"
    },
    "bn": {
        "quick_answer": "সংক্ষেপে", "contents": "সূচিপত্র", "reflection": "ভেবে দেখুন",
        "your_number": "আপনার নম্বর:", "fillable_note": "এই ওয়ার্কশিটটি এর PDF ফাইলে স্ক্রিনেই পূরণ করতে পারেন।",
        "note": "নোট", "tip": "পরামর্শ", "important": "গুরুত্বপূর্ণ", "warning": "সতর্কতা", "caution": "সাবধান",
        "faq_heading": "সচরাচর জিজ্ঞাসিত প্রশ্ন", "question": "প্র", "page_of": "পৃষ্ঠা {page} / {pages}",
        "reviewed": "পর্যালোচনা: {date}", "review_by": "পরবর্তী পর্যালোচনা: {date}-এর মধ্যে"
    },
    "th": {
        "quick_answer": "สรุปสั้น ๆ", "contents": "สารบัญ", "reflection": "ชวนคิด", "your_number": "คะแนนของคุณ:",
        "fillable_note": "คุณกรอกแบบฝึกหัดนี้บนหน้าจอได้ในไฟล์ PDF", "note": "หมายเหตุ", "tip": "เคล็ดลับ",
        "important": "สำคัญ", "warning": "คำเตือน", "caution": "ข้อควรระวัง", "faq_heading": "คำถามที่พบบ่อย",
        "question": "ถาม", "page_of": "หน้า {page} จาก {pages}", "reviewed": "ทบทวนเมื่อ {date}",
        "review_by": "ทบทวนครั้งถัดไปภายใน {date}"
    },
}


BODY_LABELS = ("quick_answer", "contents", "reflection", "your_number", "fillable_note", "note", "tip", "important",
               "warning", "caution", "question")  # printed between the article's items


def labels_for(language: str) -> dict:
    """The table's entry for `language` (English for a language it does not hold)."""
    return LABELS[table_key(language, LABELS) or "en"]


def knows(language: str) -> bool:
    return bool(table_key(language, LABELS))
