"""A seeded generator of realistic clinical handouts: articles (Markdown + PNG images) and books.

Hand-written fixtures share their author's blind spots. This generator mixes, at random, the
shapes real handouts have: long side heads in the 42 mm rail, one-line paragraphs right after
a heading, tables of 1 to 6 columns and 1 to 60 rows with long, short and empty cells,
captions, images of five aspect ratios, nested lists and tables inside FAQ answers, long URLs,
Spanish and German articles. Every article is valid content per the README's "Content format"
and should build `ok` with no warning; `tests/soak.py` builds hundreds of them.

Articles in Thai, Hindi, Bengali, Arabic, Persian, Urdu, Hebrew, Chinese, Japanese and Korean
also carry the shapes that break printed words in those scripts (tests/corpus/fixture_banks.py,
SCRIPT_SHAPES): runs of 40 to 120 characters without a space, words joined by slashes and
hyphens, numbers with units in the script's own digits, Latin runs, links, bare URLs, email
addresses and phone numbers inside the sentence; `--languages` restricts the articles to some
languages (`--languages scripts` to those eleven).

Standard library only, and deterministic: the same seed gives byte-identical files.

    python tests/corpus/generate.py --seed 7 --out /tmp/x           # one article
    python tests/corpus/generate.py --seed 7 --out /tmp/x --book    # one book
    python tests/corpus/generate.py --seed 7 --out /tmp/x --languages th,ar   # Thai or Arabic
"""

from __future__ import annotations

import argparse
import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from random import Random

if __package__ in (None, ""):  # run as a script: python tests/corpus/generate.py
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpus.fixture_banks import LANGUAGES as FIXTURE_LANGUAGES  # noqa: E402
from corpus.fixture_banks import SCRIPT_LANGUAGES, fixture_bank, script_shapes  # noqa: E402

RAIL_CHARS = 21  # characters on one line of the 42 mm rail at 10.5 pt (about 20-22)

# --------------------------------------------------------------------------------------------
# Word banks: English by topic, then small Spanish and German banks.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    subject: str  # "panic attacks": fills {topic}
    titles: tuple[str, ...]  # article titles (short)
    title_tails: tuple[str, ...]  # after a colon in a long title
    symptoms: tuple[str, ...]
    strategies: tuple[str, ...]
    situations: tuple[str, ...]
    sections: tuple[str, ...]
    subsections: tuple[str, ...]
    questions: tuple[str, ...]  # without the question mark
    quotes: tuple[str, ...]
    alts: tuple[str, ...]  # image alt texts
    keywords: tuple[str, ...]


TOPICS = (
    Topic(
        "panic attacks",
        ("Panic Attacks", "Understanding Panic", "When Panic Strikes", "Panic and the Body"),
        ("What Happens in the Body and What Helps", "Why They Feel So Dangerous and Why They Are Not",
         "A Guide for Clients and Families"),
        ("a racing heart", "a tight chest", "shallow, fast breathing", "dizziness", "tingling in the hands",
         "a sudden wave of heat", "the feeling that something terrible is about to happen"),
        ("slow breathing with a longer out-breath", "naming five things you can see",
         "pressing your feet into the floor", "letting the wave rise and fall without fighting it",
         "gradual exposure to the places you have been avoiding", "a short walk after the attack has passed"),
        ("in a crowded supermarket", "on the bus to work", "in a queue", "at night, just before sleep",
         "in a meeting", "while driving on the motorway"),
        ("What Happens During an Attack", "Why Avoidance Keeps Panic Going", "Riding Out an Attack",
         "Getting Back to the Places You Avoid", "After an Attack"),
        ("Breathing", "The first minute", "At night", "In the car", "Why it feels so real",
         "The fear of fear", "Safety behaviours", "Going back step by step"),
        ("How long does a panic attack last", "Should I avoid places where I have had attacks",
         "Can a panic attack hurt my heart", "Why do attacks come out of nowhere",
         "Is it normal to feel exhausted afterwards", "Should I carry water or tablets just in case",
         "Will the attacks ever stop completely", "Can I drive if I have panic attacks"),
        ("The first time I let the wave come instead of running, it peaked and then it simply went.",
         "I still get the racing heart, but I no longer believe it is a heart attack."),
        ("A curve rising to a peak and falling again, showing how a panic attack passes within minutes.",
         "A simple diagram of the cycle: body sensation, frightening thought, more sensation."),
        ("panic", "anxiety", "breathing", "avoidance"),
    ),
    Topic(
        "worry",
        ("Worry Time", "Managing Worry", "The Worry Habit", "When Worry Takes Over"),
        ("Giving Worries an Appointment", "Why Thinking Harder Rarely Helps", "A Practical Guide"),
        ("a mind that will not switch off", "tension in the shoulders", "trouble concentrating",
         "going over the same question again and again", "difficulty falling asleep", "irritability"),
        ("writing worries down and saving them for worry time",
         "asking whether a worry is about something you can act on",
         "a fixed fifteen-minute worry slot in the early evening", "noticing the first 'what if' and naming it",
         "turning a worry into one small next step"),
        ("late at night", "on Sunday evenings", "before a hospital appointment", "when the children are out",
         "after a difficult phone call", "while waiting for news"),
        ("Why Worry Feels Useful", "Setting Up Worry Time", "Practical Worries and Hypothetical Worries",
         "What to Do With the Worry List", "When Worry Becomes Generalised Anxiety"),
        ("Choosing a time", "Where to sit", "The worry list", "Hypothetical worries", "Acting on a worry",
         "Worry at bedtime", "When the slot ends"),
        ("What if I forget the worry before worry time", "Is it bad to worry at all",
         "What if the worry is urgent", "How long before worry time starts to work",
         "Can I have worry time just before bed", "What if I run out of worries to write down"),
        ("Once my worries had an appointment, they stopped demanding my attention all day.",
         "Most of what I wrote down at lunchtime no longer mattered by six o'clock."),
        ("A notebook page divided into two columns: worries I can act on and worries I cannot.",
         "A clock face with a fifteen-minute segment shaded in the early evening."),
        ("worry", "anxiety", "rumination", "habits"),
    ),
    Topic(
        "poor sleep",
        ("Sleep Basics", "Better Sleep", "Sleep and Anxiety", "Sleeping Well Again"),
        ("What Helps at Night and What Gets in the Way", "Habits That Protect Your Sleep",
         "A Handout for the First Weeks of Treatment"),
        ("lying awake for hours", "waking at three or four in the morning", "feeling unrefreshed",
         "a racing mind at bedtime", "daytime sleepiness", "clock-watching"),
        ("getting up at the same time every day", "keeping the bed for sleep", "stopping caffeine after midday",
         "getting up after twenty minutes awake", "a wind-down hour without screens",
         "a sleep diary kept for two weeks"),
        ("after a late shift", "at weekends", "when travelling", "after a bad night", "during exam season",
         "when a baby wakes in the night"),
        ("How Sleep Works", "Habits That Help", "What to Do When You Cannot Sleep", "Keeping a Sleep Diary",
         "Medication and Sleep"),
        ("The body clock", "Caffeine", "Alcohol", "Naps", "Screens in bed", "Getting up at night",
         "Light in the morning", "The bedroom"),
        ("Should I nap", "Is it bad to look at the clock", "How much sleep do I really need",
         "Do sleeping tablets help", "What if my partner snores", "Why do I wake at four in the morning",
         "Does alcohol help me sleep", "Will catching up at weekends help"),
        ("Getting up at the same time, even after a bad night, was the hardest and most useful change.",
         "I stopped fighting the night and the night stopped fighting me."),
        ("A bar chart of hours slept on each night of one week, with the weekend bars taller.",
         "A bed, a clock and a window, showing the bedroom kept dark and calm."),
        ("sleep", "insomnia", "habits", "routine"),
    ),
    Topic(
        "grief",
        ("Living With Grief", "Grief and Loss", "After a Death", "Grieving in Your Own Way"),
        ("What to Expect in the First Year", "There Is No Right Way to Grieve",
         "Notes for the People Who Care"),
        ("waves of sadness", "numbness", "anger at people who do not understand", "trouble sleeping",
         "forgetfulness", "guilt about small things left unsaid", "a longing to hear their voice"),
        ("talking about the person who died", "keeping a small routine", "writing a letter you will not send",
         "marking anniversaries in a way that feels right", "accepting help with practical tasks",
         "a regular walk with a friend"),
        ("on anniversaries", "at family gatherings", "when clearing out belongings", "in the supermarket",
         "when a song comes on the radio", "in the first spring after the loss"),
        ("What Grief Can Feel Like", "The First Weeks", "Anniversaries and Special Days",
         "Supporting a Grieving Child", "When Grief Does Not Ease"),
        ("Waves", "Sleep", "Children", "Work", "Belongings", "The first anniversary", "Other people"),
        ("Is it normal to feel angry", "How long does grief last", "Should I clear out their room",
         "Will I ever stop missing them", "Is it wrong to laugh again", "How do I talk to my children about death",
         "What if I feel relieved"),
        ("Grief did not get smaller; my life slowly grew bigger around it.",
         "The second year was harder than anyone had warned me."),
        ("A small circle inside a large one, showing grief staying the same while life grows around it.",
         "Waves of different heights along a line, showing grief coming and going over time."),
        ("grief", "loss", "bereavement", "family"),
    ),
    Topic(
        "trust issues",
        ("Trust Issues", "Rebuilding Trust", "Learning to Trust Again", "Trust in Relationships"),
        ("Where They Come From and How They Heal", "Healthy Caution and Unhelpful Suspicion",
         "A Handout for Couples"),
        ("checking a partner's phone", "expecting to be let down", "difficulty relying on anyone",
         "reading hidden meanings into small things", "keeping people at a distance", "needing constant reassurance"),
        ("naming the fear out loud", "checking the evidence before acting on a suspicion",
         "asking directly instead of guessing", "small, low-risk acts of trust", "noticing what has gone well"),
        ("after a betrayal", "in a new relationship", "at work", "with family", "after a difficult childhood",
         "when a friend cancels plans"),
        ("Where Trust Issues Come From", "Healthy Caution", "Signs That Suspicion Is Running the Show",
         "Rebuilding Trust Step by Step", "Working on It Together"),
        ("Betrayal", "Childhood", "New relationships", "Reassurance", "Checking", "Small experiments"),
        ("Can trust issues be healed", "Is it my fault that I cannot trust", "Should I tell my partner",
         "How do I know if my suspicion is justified", "Why do I push people away",
         "Can couples therapy help with trust"),
        ("I realised I was protecting myself from people who had never hurt me.",
         "Trust came back in small steps, not in one big conversation."),
        ("Two overlapping circles, labelled caution and suspicion, with a small shared area.",
         "A staircase of small steps labelled with acts of trust, from small to large."),
        ("trust", "relationships", "couples", "betrayal"),
    ),
    Topic(
        "boundaries",
        ("Healthy Boundaries", "Saying No", "Boundaries With Family", "Boundaries at Work"),
        ("Saying No Without Guilt", "How to Set Limits Kindly and Firmly", "A Worksheet for Clients"),
        ("resentment after saying yes", "feeling drained after visits", "guilt when you say no",
         "tension before family gatherings", "working late without being asked", "difficulty asking for help"),
        ("a short, clear 'no' without a long explanation", "saying what you will do, not what they must do",
         "taking time before agreeing", "repeating the boundary calmly", "planning an exit from a visit"),
        ("with parents", "at work", "with adult children", "on the phone", "over the holidays",
         "with a friend who always needs help"),
        ("What a Boundary Is", "Why Boundaries Feel Hard", "Saying It Out Loud", "When Someone Pushes Back",
         "Looking After Yourself Afterwards"),
        ("Guilt", "At work", "With family", "Phone calls", "Holidays", "The first time", "Keeping it short"),
        ("Is setting boundaries selfish", "What if they get angry", "How do I say no to my parents",
         "Do I have to explain my reasons", "What if I give in", "Can boundaries change over time"),
        ("Saying no to my mother was the kindest thing I had done for our relationship in years.",
         "I stopped explaining, and people stopped arguing."),
        ("A garden with a low fence and an open gate, showing a boundary that still lets people in.",
         "A simple scale balancing your needs and other people's requests."),
        ("boundaries", "assertiveness", "family", "work"),
    ),
    Topic(
        "anger",
        ("Understanding Anger", "Anger and What Lies Beneath It", "Cooling Down", "Anger at Home"),
        ("When Anger Takes Over", "Noticing the Early Signs", "A Guide for Parents"),
        ("heat in the face", "a clenched jaw", "a raised voice", "shaking hands", "replaying an argument",
         "snapping at the people closest to you"),
        ("taking a time-out of twenty minutes", "naming the feeling under the anger",
         "counting breaths before speaking", "a brisk walk", "coming back to the conversation later"),
        ("in traffic", "at home after work", "with teenagers", "on the phone with a call centre",
         "when you are tired or hungry", "in a queue"),
        ("What Anger Is For", "Early Warning Signs", "Time-outs That Work", "Repairing After an Argument",
         "When to Get More Help"),
        ("The body", "Triggers", "Time-outs", "Repair", "Children", "Alcohol"),
        ("Is anger always bad", "What if I cannot calm down", "How do I apologise after losing my temper",
         "Should I hit a pillow to let it out", "Why am I angrier when I am tired"),
        ("Anger was the loudest feeling, but hurt was usually underneath it.",
         "Leaving the room used to feel like losing; now it feels like winning."),
        ("A thermometer from calm to furious, with the early warning signs marked halfway up.",
         "An iceberg with anger above the water and hurt, fear and shame below it."),
        ("anger", "emotions", "parenting", "relationships"),
    ),
    Topic(
        "low mood",
        ("Low Mood", "Behavioural Activation", "Small Steps When You Feel Low", "Depression and Activity"),
        ("Doing a Little More When You Feel Like Doing Less", "Why Waiting to Feel Better Rarely Works",
         "A Weekly Plan"),
        ("losing interest in things you used to enjoy", "tiredness that sleep does not fix", "a flat feeling",
         "withdrawing from friends", "difficulty getting started", "feeling worse in the mornings"),
        ("planning one small pleasant activity a day", "rating each activity for pleasure and achievement",
         "getting outside for ten minutes", "messaging one friend", "breaking a task into the smallest step"),
        ("in the morning", "at weekends", "after work", "in the winter months", "when you are on your own",
         "on days off"),
        ("How Low Mood Keeps Itself Going", "Planning Activities", "Pleasure and Achievement",
         "When Motivation Does Not Come First", "Keeping Track"),
        ("Mornings", "Small steps", "Friends", "Getting outside", "Rating activities", "Bad days"),
        ("What if I do not enjoy anything", "How do I get started when I have no energy",
         "Is this the same as depression", "What if I miss a planned activity", "Should I push myself every day"),
        ("Motivation came after I started, never before.",
         "Ten minutes outside did more than an hour of waiting to feel ready."),
        ("A downward spiral and an upward spiral side by side: less activity, lower mood; more activity, better mood.",
         "A weekly planner with one small activity written into each day."),
        ("depression", "mood", "activity", "motivation"),
    ),
)

PEOPLE = ("a partner", "a close friend", "a family member", "a colleague you trust", "your GP", "your therapist",
          "someone you live with")
PROFESSIONALS = ("your GP", "a counsellor", "your therapist", "a clinical psychologist", "your doctor",
                 "the practice nurse")
TIMES = ("in the evening", "first thing in the morning", "before bed", "at the end of the working day",
         "on a quiet afternoon", "at the weekend", "during your lunch break")
DURATIONS = ("a week", "two weeks", "a month", "three or four weeks", "a fortnight", "ten days")

# Sentence templates. Slots: {topic} {symptom} {strategy} {Strategy} {situation} {person}
# {Person} {professional} {time} {duration}.
TEMPLATES = (
    "Many people notice {symptom} {situation}, long before they can put a name to it.",
    "{Strategy} is not a cure, but it often takes the edge off {symptom}.",
    "It can help to practise {strategy} {time}, when nothing much is at stake.",
    "If {symptom} lasts for more than a few weeks, talk to {professional}.",
    "None of this means that something is wrong with you.",
    "The aim is not to get rid of {topic} altogether, but to make it less of a driver in your day.",
    "Write down what happened, what you felt and what you did next.",
    "{Person} may not notice {symptom}, so it is worth telling them what you need.",
    "Small, repeated steps tend to work better than a big change made once.",
    "Try {strategy} for {duration} and notice what changes.",
    "Avoidance brings relief in the short term, but it teaches the body that the situation was dangerous.",
    "Be patient with yourself: {topic} usually eases gradually rather than all at once.",
    "Some weeks will be harder than others, and that is part of the process, not a sign of failure.",
    "{Strategy} works best when it becomes a habit rather than an emergency measure.",
    "You might find that {symptom} is worse {situation}; that is useful information, not a verdict.",
    "Think of {topic} as a signal that has become too loud, rather than as an enemy.",
    "It is common to feel embarrassed about {symptom}, but it is something clinicians hear about every day.",
    "When {symptom} shows up, pause and name it before deciding what to do.",
    "Keep a short note of each time you try {strategy}, and look back at it after {duration}.",
    "Most people who practise regularly notice a difference within {duration}.",
    "The body tends to settle on its own if we stop adding fuel to the fire.",
    "Ask {person} to remind you of the plan when things get difficult.",
    "There is no single right way to do this; adapt it to your own life.",
    "Try not to judge how well it is going after a single attempt.",
    "{Strategy} can feel awkward at first, like any new skill.",
    "If you notice {symptom} {situation}, you are not alone: it is one of the most common patterns we see.",
    "What keeps {topic} going is often the very thing we do to feel safe in the moment.",
    "Start with the easiest step, even if it seems too small to matter.",
    "Share this handout with {person} if it helps them understand what you are going through.",
    "Your body has learned this pattern, and it can learn a new one.",
    "Notice what you say to yourself {situation}, and ask whether you would say it to a friend.",
    "A setback is a chance to learn what made that day harder, not a reason to start again from scratch.",
    "Set a specific time for {strategy}, such as {time}, rather than waiting for the right mood.",
    "Research on {topic} consistently shows that practice matters more than perfect technique.",
    "Bring your notes to your next session so that we can look at them together.",
    "If anything in this handout does not fit your situation, leave it out and tell me at our next session.",
)
SHORT_LINES = ("Start small.", "In short: slow down.", "This part matters most.", "It gets easier.",
               "One step at a time.", "Keep it simple.", "You are not alone in this.", "Practice beats willpower.",
               "Notice, name, and let it pass.", "Read this part twice.")
YES_NO_ANSWERS = ("Yes, and it is more common than people think.", "No, not usually.",
                  "Yes, as long as it feels manageable.", "Not necessarily.", "Often, yes.",
                  "Usually not; ask your GP if you are unsure.")
OPEN_ANSWERS = ("Start with one small step and see how it goes.", "Talk it through with your therapist first.",
                "It varies, but most people notice a change within a few weeks.",
                "Ask your GP; it depends on your health.", "Write it down and bring it to your next session.")
YES_NO_STARTS = ("Is ", "Can ", "Should ", "Do ", "Does ", "Will ", "Are ")
GENERIC_SECTIONS = ("Why This Happens", "What You Might Notice", "What Helps", "Getting Started",
                    "When to Ask for Help", "Practising Between Sessions", "A Note for Family and Friends",
                    "Tracking Your Progress", "Common Traps", "Further Reading", "Key Points")
GENERIC_SUBSECTIONS = ("Why it happens", "What to try first", "At work", "At home", "With children",
                       "First steps", "Common traps", "Keeping going", "Bad days", "Getting support",
                       "What not to do", "A worked example", "Your own plan")
TITLE_TAILS = (" when you are on your own", " and what to do next", " at home and at work",
               " for people who care for someone else", " when the usual steps do not seem to help",
               " in the first few weeks", " if you live with other people", " without making things worse",
               " and why it matters", " even on the hardest days", " for parents of young children",
               " after a long illness", " when you are also looking after someone else")
QUESTION_TAILS = (", even if it means missing work", " when I am already on medication",
                  " if I have had this for years", " after a long time without problems",
                  " when I am on my own", " even when I feel fine", " while I am waiting for therapy to start",
                  ", given that my partner does not really understand", " when I also have young children at home")
SHORT_QUESTIONS = ("Is this normal", "Can it come back", "Is it dangerous", "What if I relapse",
                   "Do I need therapy", "Will it get easier", "What about alcohol", "Can children get it",
                   "Should I tell work", "Does exercise help")
LINK_TEXTS = ("the NHS guide", "this short video on breathing", "a printable diary", "the full guidance",
              "an overview of the research", "the charity's helpline page", "a free online course")
URL_WORDS = ("resources", "guides", "sleep", "anxiety", "panic", "worry", "grief", "support", "leaflets",
             "self-help", "adults", "young-people", "evening-routines", "breathing", "2026-edition",
             "printable", "clinicians", "families", "practice", "download", "overview", "research")
CODE_WORDS = ("Bedtime mode", "Do Not Disturb", "worry-list.txt", "Focus", "Screen Time", "4-7-8",
              "Settings", "Wind Down", "Downtime")
SHORT_CELLS = ("Yes", "No", "Often", "Rarely", "Sometimes", "Daily", "Weekly", "Mild", "Strong", "Moderate",
               "Morning", "Evening", "Night", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
               "Week 1", "Week 2", "10 min", "20 min", "Twice", "None", "Low", "High", "GP", "Therapist")
SHORT_HEADERS = ("Step", "When", "Day", "Time", "Count", "Notes", "Rating", "Situation", "Feeling", "Signal",
                 "What helps", "Who", "Where", "How long", "Example", "Trigger", "Result", "Score")
LONG_HEADERS = ("What you might notice in your body first", "What may help in the moment",
                "How long to try it before judging", "What other people might see",
                "A thought that often comes with it", "What you did and what happened next",
                "How strong it felt, from 0 to 10", "Who you could ask for support")
REFLECTION = ("What is one situation this week where you noticed the pattern described here?",
              "What would you like to try before our next session?",
              "Who could support you with this, and how would you ask them?",
              "What got in the way last time you tried something similar?",
              "What would be a small sign that things are getting better?",
              "When did you last feel calm, and what were you doing?")
AUTHORS = ("Riverside Counselling", "Dr. Amelia Hart, Clinical Psychologist", "The Willow Practice",
           "Jonas Berg, MSc", "Northside Therapy Team", "Priya Raman")
SUBTITLES = ("A handout for clients and families", "Notes to read between sessions",
             "A practical guide for the first weeks", "What to expect and what helps",
             "Information for patients")
MULTILINGUAL = (("English", "I am here, now.", "My feet are on the floor.", "This feeling will pass."),
                ("Ελληνικά", "Είμαι εδώ, τώρα.", "Τα πόδια μου πατούν στο πάτωμα.", "Αυτό το συναίσθημα θα περάσει."),
                ("Русский", "Я здесь, сейчас.", "Мои ноги стоят на полу.", "Это чувство пройдёт."),
                ("Deutsch", "Ich bin hier, jetzt.", "Meine Füße stehen auf dem Boden.", "Dieses Gefühl geht vorüber."),
                ("Español", "Estoy aquí, ahora.", "Mis pies están en el suelo.", "Esta sensación pasará."))
# Contacts written into the scripts' sentences: phone numbers kept for drama and examples
# (Ofcom's 020 7946 0xxx, the 555 ranges) and reserved example domains.
PHONES = ("+972-3-555-1234", "+44 20 7946 0958", "+1-202-555-0143", "+44 161 496 0321")
EMAILS = ("info@example.org", "clinic@example.com", "help@support.example.net", "appointments@example.org")
SHAPE_SHARE = 0.3  # of the sentences of an article in one of the SCRIPT_LANGUAGES: one in those shapes
UNSPACED = ("zh-Hans", "zh-Hant", "ja")  # sentences follow each other without a space
LANGUAGE_GROUPS = {"scripts": SCRIPT_LANGUAGES, "rtl": ("ar", "fa", "he", "ur"),
                   "cjk": ("ja", "ko", "zh-Hans", "zh-Hant"), "indic": ("bn", "hi")}
ALL_LANGUAGES = ("en", "es", "de") + FIXTURE_LANGUAGES


def chosen_languages(text: str) -> tuple[str, ...]:
    """`th,hi,rtl` as language tags, in the order given, once each; groups (scripts, rtl, cjk,
    indic) stand for their languages. ValueError names an unknown one and the choices."""
    known = {tag.casefold(): tag for tag in ALL_LANGUAGES}
    chosen: list[str] = []
    for word in (part.strip() for part in text.split(",")):
        tags = LANGUAGE_GROUPS.get(word.casefold()) or ((known[word.casefold()],) if word.casefold() in known else None)
        if tags is None:
            raise ValueError(f"unknown language '{word}': choose from {', '.join(ALL_LANGUAGES)} "
                             f"or a group ({', '.join(LANGUAGE_GROUPS)})")
        chosen += [tag for tag in tags if tag not in chosen]
    return tuple(chosen)


@dataclass(frozen=True)
class Bank:
    """A small word bank for an article in another language."""

    language: str
    faq_heading: str
    titles: tuple[str, ...]
    subtitles: tuple[str, ...]
    sentences: tuple[str, ...]
    short_lines: tuple[str, ...]
    sections: tuple[str, ...]
    subsections: tuple[str, ...]
    title_tails: tuple[str, ...]
    questions: tuple[str, ...]  # without the question marks
    question_tails: tuple[str, ...]
    short_cells: tuple[str, ...]
    medium_cells: tuple[str, ...]
    headers: tuple[str, ...]
    long_headers: tuple[str, ...]
    reflection: tuple[str, ...]
    alts: tuple[str, ...]
    keywords: tuple[str, ...]
    quotes: tuple[str, ...]
    question_open: str = ""  # "¿" in Spanish
    question_mark: str = "?"  # "؟" in Arabic, "？" in Chinese and Japanese


QUOTED_CLIENT = {"es": "Una paciente", "de": "Eine Klientin"}  # a quote's attribution; others: "A client"

ES = Bank(
    "es", "Preguntas frecuentes",
    ("Ansiedad: qué es y qué ayuda", "Dormir mejor", "El duelo", "Ataques de pánico",
     "Poner límites con cariño y firmeza", "Respiración diafragmática", "La preocupación y cómo manejarla"),
    ("Hoja informativa para pacientes y familias", "Notas para leer entre sesiones", "Una guía práctica"),
    ("La ansiedad es una respuesta normal del cuerpo ante una amenaza.",
     "Muchas personas notan el corazón acelerado antes de poder nombrar lo que sienten.",
     "Respirar despacio, con la espiración más larga que la inspiración, ayuda a calmar el cuerpo.",
     "No se trata de eliminar la preocupación, sino de que deje de dirigir tu día.",
     "Los pequeños pasos repetidos funcionan mejor que un gran cambio hecho una sola vez.",
     "Si el malestar dura más de unas semanas, habla con tu médico de cabecera.",
     "Escribir lo que pasó, lo que sentiste y lo que hiciste después aclara mucho.",
     "Evitar las situaciones temidas alivia a corto plazo, pero mantiene el miedo a largo plazo.",
     "El sueño mejora cuando te levantas todos los días a la misma hora.",
     "El duelo no sigue un calendario fijo, y cada persona lo vive a su manera.",
     "Poner límites no es egoísmo: es una forma de cuidar la relación.",
     "Pedir ayuda es una señal de fuerza, no de debilidad.",
     "Practica cuando estés tranquilo, para que la técnica esté disponible cuando la necesites.",
     "Tu familia puede acompañarte sin presionarte.",
     "La cafeína por la tarde puede dificultar el descanso nocturno.",
     "Anota cada noche a qué hora te acostaste y cuántas veces te despertaste.",
     "Los pensamientos no son hechos, aunque a veces lo parezcan.",
     "Un paseo corto al aire libre reduce la tensión acumulada durante el día.",
     "Sé paciente contigo: los cambios llegan poco a poco.",
     "La terapia cognitivo-conductual es uno de los tratamientos con más evidencia.",
     "Algunas semanas serán más difíciles que otras, y eso también forma parte del proceso.",
     "¿Alguna vez has evitado una reunión porque la idea de hablar delante de otros te quitaba el sueño?",
     "Comparte esta hoja con alguien de confianza si te ayuda a explicar lo que te pasa.",
     "Trae tus notas a la próxima sesión para que las revisemos juntos.",
     "Niñas y niños, pequeños y mayores: todos pueden aprender a reconocer sus emociones."),
    ("Empieza poco a poco.", "Esto es lo más importante.", "No estás solo ni sola.", "Paso a paso."),
    ("Qué es y por qué ocurre", "Qué puedes notar", "Qué ayuda", "Cómo empezar", "Cuándo pedir ayuda",
     "Para la familia", "Cómo practicar en casa", "Seguimiento semanal"),
    ("Por la noche", "En el trabajo", "Con los hijos", "Respiración lenta", "Los primeros días",
     "Un ejemplo", "Tu propio plan", "Los días difíciles"),
    (" cuando estás a solas", " y qué hacer después", " en casa y en el trabajo",
     " cuando los pasos habituales no funcionan", " durante las primeras semanas", " sin empeorar las cosas"),
    ("Cuánto dura un ataque de pánico", "Es normal sentirse agotado después", "Necesito medicación",
     "Puedo hacerlo en el trabajo", "Qué puede hacer mi familia", "Cuándo notaré el efecto",
     "La ansiedad se cura", "Debo evitar los lugares donde he tenido crisis",
     "Qué hago si me despierto de madrugada y no puedo volver a dormir", "Es malo tomar café por la tarde",
     "Cómo explico a mis hijos lo que me pasa", "Qué pasa si recaigo después de unas semanas buenas",
     "Sirve de algo escribir un diario", "Cuánto tiempo debo practicar cada día",
     "Cómo pongo un límite sin sentirme culpable", "Cuándo debo pedir ayuda profesional",
     "Ayuda el ejercicio físico", "Es peligroso un ataque de pánico"),
    (", aunque lleve años con este problema", ", incluso si tengo que faltar al trabajo",
     " cuando estoy sola en casa", " si ya tomo medicación", " sin que mi familia se preocupe demasiado"),
    ("Sí", "No", "A veces", "Lunes", "Martes", "Miércoles", "Mañana", "Tarde", "Noche", "Leve", "Fuerte",
     "10 min", "Semana 1", "Diario"),
    ("Respirar despacio", "Salir a caminar", "Hablar con alguien", "Anotar la preocupación",
     "Levantarse a la misma hora", "Corazón acelerado", "Tensión en los hombros"),
    ("Paso", "Día", "Situación", "Qué notas", "Qué ayuda", "Cuánto tiempo", "Notas"),
    ("Qué puedes notar en el cuerpo primero", "Qué puede ayudar en ese momento",
     "Cuánto tiempo probarlo antes de juzgar"),
    ("¿En qué situación de esta semana notaste el patrón?", "¿Qué te gustaría probar antes de la próxima sesión?",
     "¿Quién podría apoyarte y cómo se lo pedirías?"),
    ("Una curva que sube y baja, mostrando cómo pasa la ansiedad en pocos minutos.",
     "Un cuaderno con dos columnas: lo que puedo cambiar y lo que no."),
    ("ansiedad", "sueño", "duelo", "pánico", "límites"),
    ("Cuando dejé de luchar contra la ola, la ola pasó.", "Los cambios pequeños fueron los que se quedaron."),
    "¿",
)

DE = Bank(
    "de", "Häufige Fragen",
    ("Schlafhygiene: Was nachts wirklich hilft", "Angst verstehen", "Trauer", "Panikattacken",
     "Grenzen setzen", "Sorgen aufschieben", "Wenn die Stimmung sinkt"),
    ("Ein Merkblatt für Klientinnen und Klienten", "Hinweise für die Zeit zwischen den Sitzungen",
     "Ein praktischer Leitfaden"),
    ("Angst ist eine normale Reaktion des Körpers auf eine Bedrohung.",
     "Viele Menschen bemerken Herzklopfen, bevor sie das Gefühl benennen können.",
     "Langsames Atmen, mit einer längeren Ausatmung, beruhigt den Körper.",
     "Es geht nicht darum, Sorgen ganz loszuwerden, sondern darum, dass sie nicht mehr den Tag bestimmen.",
     "Kleine, wiederholte Schritte wirken besser als eine große Veränderung auf einmal.",
     "Wenn die Beschwerden länger als einige Wochen anhalten, sprechen Sie mit Ihrer Hausärztin oder Ihrem Hausarzt.",
     "Schreiben Sie auf, was passiert ist, was Sie gefühlt und was Sie danach getan haben.",
     "Vermeidung bringt kurzfristig Erleichterung, hält die Angst aber langfristig aufrecht.",
     "Der Schlaf verbessert sich, wenn Sie jeden Tag zur gleichen Zeit aufstehen.",
     "Trauer folgt keinem festen Zeitplan, und jeder Mensch erlebt sie anders.",
     "Grenzen zu setzen ist nicht egoistisch, sondern eine Form, die Beziehung zu schützen.",
     "Um Hilfe zu bitten ist ein Zeichen von Stärke, nicht von Schwäche.",
     "Üben Sie, wenn Sie ruhig sind, damit die Technik bereitsteht, wenn Sie sie brauchen.",
     "Koffein am Nachmittag kann das Einschlafen erschweren.",
     "Gedanken sind keine Tatsachen, auch wenn es sich manchmal so anfühlt.",
     "Ein kurzer Spaziergang an der frischen Luft baut Anspannung ab.",
     "Seien Sie geduldig mit sich: Veränderungen kommen Schritt für Schritt.",
     "Die kognitive Verhaltenstherapie ist eine der am besten untersuchten Behandlungen.",
     "Manche Wochen sind schwerer als andere, und auch das gehört dazu.",
     "Einschlafschwierigkeiten und Grübelschleifen brauchen einen festen Abschluss am Abend.",
     "Bringen Sie Ihre Notizen zur nächsten Sitzung mit, damit wir sie gemeinsam ansehen können.",
     "Zeigen Sie dieses Blatt einer Vertrauensperson, wenn es Ihnen hilft, Ihre Lage zu erklären."),
    ("Klein anfangen.", "Das ist das Wichtigste.", "Sie sind damit nicht allein.", "Schritt für Schritt."),
    ("Was dahintersteckt", "Woran Sie es merken", "Was hilft", "Der erste Schritt", "Wann Sie Hilfe holen sollten",
     "Für Angehörige", "Üben zu Hause", "Wochenprotokoll"),
    ("Nachts", "Bei der Arbeit", "Mit Kindern", "Langsames Atmen", "Die ersten Tage", "Ein Beispiel",
     "Ihr eigener Plan", "Schwere Tage"),
    (", wenn Sie allein sind", " und was danach hilft", " zu Hause und bei der Arbeit",
     ", wenn die üblichen Schritte nicht helfen", " in den ersten Wochen", ", ohne es schlimmer zu machen"),
    ("Wie lange dauert eine Panikattacke", "Sind Schlaftabletten gefährlich", "Hilft ein Mittagsschlaf",
     "Was tun, wenn das Grübeln nicht aufhört", "Brauche ich Medikamente", "Wann merke ich eine Wirkung",
     "Soll ich Orte meiden, an denen ich Angst hatte", "Wie erkläre ich meinen Kindern, was los ist",
     "Was ist, wenn ich einen Rückfall habe", "Hilft Sport", "Wie lange soll ich täglich üben",
     "Wann sollte ich mir professionelle Hilfe holen", "Ist Alkohol am Abend ein Problem",
     "Wie sage ich Nein, ohne mich schuldig zu fühlen"),
    (", auch wenn ich schon seit Jahren darunter leide", ", selbst wenn ich dafür bei der Arbeit fehle",
     ", wenn ich bereits Medikamente nehme", ", ohne dass sich meine Familie Sorgen macht"),
    ("Ja", "Nein", "Manchmal", "Montag", "Dienstag", "Morgens", "Abends", "Nachts", "Leicht", "Stark",
     "10 Min.", "Woche 1", "Täglich"),
    ("Langsam atmen", "Spazieren gehen", "Mit jemandem sprechen", "Sorge aufschreiben",
     "Zur gleichen Zeit aufstehen", "Herzklopfen", "Verspannte Schultern"),
    ("Schritt", "Tag", "Situation", "Was Sie bemerken", "Was hilft", "Wie lange", "Notizen"),
    ("Was Sie zuerst im Körper bemerken", "Was im Moment helfen kann", "Wie lange Sie es ausprobieren sollten"),
    ("In welcher Situation haben Sie das Muster diese Woche bemerkt?",
     "Was möchten Sie bis zur nächsten Sitzung ausprobieren?", "Wer könnte Sie dabei unterstützen?"),
    ("Eine Kurve, die ansteigt und wieder abfällt: Angst geht nach wenigen Minuten vorüber.",
     "Ein Notizblatt mit zwei Spalten: was ich ändern kann und was nicht."),
    ("Angst", "Schlaf", "Trauer", "Panik", "Grenzen"),
    ("Als ich aufhörte, gegen die Welle zu kämpfen, ging sie vorüber.",
     "Die kleinen Veränderungen waren die, die geblieben sind."),
)

# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def rail_lines(text: str, width: int = RAIL_CHARS) -> int:
    """Estimated lines a heading takes in the 42 mm rail: greedy word wrap at `width` characters."""
    lines, current = 1, 0
    for word in text.split():
        if current == 0:
            current = len(word)
        elif current + 1 + len(word) <= width:
            current += 1 + len(word)
        else:
            lines += 1
            current = len(word)
    return lines


def weighted(rng: Random, options: dict):
    """One key of `options`, chosen with the values as weights (dict order is fixed, so deterministic)."""
    keys = list(options)
    return rng.choices(keys, weights=[options[key] for key in keys])[0]


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


SMALL_WORDS = {"a", "an", "and", "the", "of", "to", "in", "on", "at", "for", "or", "but", "with", "is", "it",
               "by", "if", "when", "what", "not"}


def title_case(text: str, first: bool = True) -> str:
    """Headline style; `first=False` for a clause that continues a title (its small first word stays small)."""
    words = text.split(" ")
    out = []
    for index, word in enumerate(words):
        if (index or not first) and word.lower() in SMALL_WORDS - {"what", "when", "not", "is", "it", "if"}:
            out.append(word.lower())
        else:
            out.append(capital(word))
    return " ".join(out)


def ascii_slug(text: str, limit: int = 32) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", " ", folded.lower()).split()
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}" if slug else word[:limit]
    return slug or "handout"


PLAIN_YAML = re.compile(r"[A-Za-zÀ-ÿ0-9¿¡][A-Za-zÀ-ÿ0-9 ,.;?!'()\-]*")
YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}


def yaml_scalar(text: str, rng: Random) -> str:
    """`text` as a YAML scalar that reads back as exactly this text: plain when safe, else quoted."""
    plain = bool(PLAIN_YAML.fullmatch(text)) and text.lower() not in YAML_WORDS and not text.endswith(" ")
    if plain and rng.random() < 0.8:
        return text
    if '"' not in text and "\\" not in text and rng.random() < 0.5:
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def folded(key: str, text: str, width: int = 92) -> str:
    """A `key: >-` folded block scalar, lines wrapped at `width` (YAML joins them with spaces)."""
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return f"{key}: >-\n" + "".join(f"  {line}\n" for line in lines)


def escape_cell(text: str) -> str:
    return text.replace("|", "\\|")


# --------------------------------------------------------------------------------------------
# PNG images
# --------------------------------------------------------------------------------------------

RATIOS = {"wide": (3, 1), "landscape": (4, 3), "square": (1, 1), "tall": (1, 2), "very-tall": (1, 3)}


def png_bytes(width: int, height: int, rng: Random) -> bytes:
    """A greyscale PNG with a few simple shapes (rectangles, circles, lines) on a light ground."""
    ground = rng.choice((255, 250, 240, 230))
    rows = [bytearray([ground]) * width for _ in range(height)]
    border = rng.choice((0, 0, 2, 3))
    if border:
        for y in range(height):
            if y < border or y >= height - border:
                rows[y][:] = bytes([40]) * width
            else:
                rows[y][:border] = bytes([40]) * border
                rows[y][width - border:] = bytes([40]) * border
    for _ in range(rng.randint(2, 7)):
        shade = rng.randint(20, 200)
        shape = rng.choice(("rect", "circle", "hline", "vline", "frame"))
        x0, y0 = rng.randrange(width), rng.randrange(height)
        if shape in ("rect", "frame"):
            x1 = min(width, x0 + rng.randint(width // 10 + 1, width // 2 + 2))
            y1 = min(height, y0 + rng.randint(height // 10 + 1, height // 2 + 2))
            for y in range(y0, y1):
                if shape == "rect" or y in (y0, y0 + 1, y1 - 2, y1 - 1):
                    rows[y][x0:x1] = bytes([shade]) * (x1 - x0)
                else:
                    rows[y][x0:x0 + 2] = bytes([shade]) * len(rows[y][x0:x0 + 2])
                    rows[y][max(x0, x1 - 2):x1] = bytes([shade]) * len(rows[y][max(x0, x1 - 2):x1])
        elif shape == "circle":
            radius = rng.randint(min(width, height) // 12 + 2, min(width, height) // 3 + 3)
            for y in range(max(0, y0 - radius), min(height, y0 + radius + 1)):
                half = int((radius * radius - (y - y0) ** 2) ** 0.5)
                left, right = max(0, x0 - half), min(width, x0 + half + 1)
                if right > left:
                    rows[y][left:right] = bytes([shade]) * (right - left)
        elif shape == "hline":
            for y in range(y0, min(height, y0 + rng.randint(2, 6))):
                rows[y][:] = bytes([shade]) * width
        else:
            thick = rng.randint(2, 6)
            for y in range(height):
                right = min(width, x0 + thick)
                rows[y][x0:right] = bytes([shade]) * (right - x0)
    raw = b"".join(b"\x00" + bytes(row) for row in rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    return struct.unpack(">II", data[16:24])


# --------------------------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedArticle:
    slug: str
    markdown: str
    files: dict[str, bytes]  # relative path -> bytes (images)

    def write(self, folder: Path) -> Path:
        """Write the article (`<slug>.md`) and its files into `folder`; return the .md path."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        path = folder / f"{self.slug}.md"
        path.write_bytes(self.markdown.encode("utf-8"))
        return path


SIZES = {"tiny": 14, "short": 38, "medium": 32, "long": 11, "huge": 5}


class Writer:
    """Builds one article from a Random; every choice goes through `self.rng`."""

    def __init__(self, rng: Random, prefix: str, size: str | None = None, languages: tuple[str, ...] = ()):
        self.rng = rng
        self.size = size or weighted(rng, SIZES)
        if languages:  # a targeted run: only these
            self.language = rng.choice(languages)
        else:
            self.language = weighted(rng, {"en": 70, "es": 7, "de": 5, "other": 18})
        if self.language == "other":  # every other promised language, from its fixture's own text
            self.language = rng.choice(FIXTURE_LANGUAGES)
        self.bank = {"es": ES, "de": DE}.get(self.language) or (Bank(**fixture_bank(self.language))
                                                                if self.language != "en" else None)
        self.shapes = script_shapes(self.language)  # None but in the SCRIPT_LANGUAGES
        self.joiner = "" if self.language in UNSPACED else " "  # between two sentences
        self.topic = rng.choice(TOPICS)
        self.other = rng.choice(TOPICS)  # a second topic, now and then mixed in
        self.title_style = rng.random() < 0.5  # Title Case subsection headings (else sentence case)
        self.files: dict[str, bytes] = {}
        self.headings: list[str] = []  # casefolded, to keep headings and questions unique
        self.image_count = 0
        self.notes: list[str] = []  # footnotes called so far, defined at the article's end
        self.faq_heading = ""
        self.big_table_done = False
        self.title_text = self.title()
        self.slug = f"{prefix}-{ascii_slug(self.title_text, 24)}"

    # ---- text --------------------------------------------------------------------------

    def fill(self, template: str) -> str:
        rng, topic = self.rng, self.topic if self.rng.random() < 0.92 else self.other
        strategy = rng.choice(topic.strategies)
        person = rng.choice(PEOPLE)
        values = {
            "topic": topic.subject, "symptom": rng.choice(topic.symptoms), "strategy": strategy,
            "Strategy": capital(strategy), "situation": rng.choice(topic.situations), "person": person,
            "Person": capital(person), "professional": rng.choice(PROFESSIONALS), "time": rng.choice(TIMES),
            "duration": rng.choice(DURATIONS),
        }
        return template.format(**values)

    def sentence(self) -> str:
        if self.shapes and self.rng.random() < SHAPE_SHARE:
            return self.rng.choice(self.shapes.runs + self.shapes.sentences)
        if self.bank:
            return self.rng.choice(self.bank.sentences)
        return self.fill(self.rng.choice(TEMPLATES))

    def sentences(self, count: int) -> str:
        chosen: list[str] = []
        for _ in range(count * 3):
            text = self.sentence()
            if text not in chosen:
                chosen.append(text)
            if len(chosen) == count:
                break
        return self.joiner.join(chosen)

    def url(self, long: bool = False) -> str:
        rng = self.rng
        host = rng.choice(("www.example.org", "example.org", "www.example.net", "support.example.com"))
        if not long:
            return f"https://{host}/" + "/".join(rng.choice(URL_WORDS) for _ in range(rng.randint(1, 3)))
        target = rng.randint(80, 300)
        url = f"https://{host}/" + rng.choice(URL_WORDS)
        while len(url) < target - 30:
            url += "/" + "-".join(rng.choice(URL_WORDS) for _ in range(rng.randint(1, 5)))
        if rng.random() < 0.4:
            url += f"?utm_source=handout&utm_medium=print&ref={rng.randrange(10**6, 10**7)}"
        else:
            url += f"/guidance-{rng.randrange(1000, 9999)}.html"
        return url

    def decorate(self, text: str) -> str:
        """Inline markup now and then: bold, italic or code on a phrase; a link or URL sentence added."""
        rng = self.rng
        roll = rng.random()
        words = text.split(" ")
        if roll < 0.25 and len(words) > 4:
            start = rng.randrange(0, len(words) - 2)
            length = rng.randint(1, 3)
            phrase = " ".join(words[start:start + length]).rstrip(".,;:?!")
            if len(phrase) >= 4 and re.fullmatch(r"\w[\w' ,-]*\w", phrase):
                mark = rng.choice(("**", "*", "**"))
                rest = " ".join(words[start:start + length])[len(phrase):]  # the punctuation left outside
                words[start:start + length] = [f"{mark}{phrase}{mark}{rest}"]
                text = " ".join(words)
        elif roll < 0.32 and not self.bank:
            text += f" In your phone's settings this is often called `{rng.choice(CODE_WORDS)}`."
        roll = rng.random()
        if roll < 0.05 and not self.bank:  # straight quotes and a double hyphen, for smart punctuation
            text += f' Some people call this "{rng.choice(self.topic.strategies)}" -- and it takes practice.'
        elif roll < 0.09:  # a footnote call, its note written at the end of the article
            self.notes.append(self.sentence())
            text += f"[^{len(self.notes)}]"
        roll = rng.random()
        if self.shapes:  # in the article's own words: a link, a bare URL, an email address, a phone number
            if roll < 0.2:
                text += self.joiner + self.contact()
        elif roll < 0.08:
            text += f" You can read more in [{rng.choice(LINK_TEXTS)}]({self.url()})."
        elif roll < 0.12:
            text += f" A printable version is at {self.url()} if you would like a copy."
        elif roll < 0.15:
            text += f" The full guidance is at {self.url(long=True)} and the short version is below."
        return text

    def contact(self) -> str:
        """A sentence of the article's language holding a link, a bare URL (now and then a long
        one), an email address (plain or as an autolink), a phone number or a tel: link."""
        rng, shapes = self.rng, self.shapes
        template = rng.choice(shapes.contacts)
        host, _, path = self.url(long=rng.random() < 0.25)[len("https://"):].partition("/")
        url = f"https://{host}/{self.language.lower()}/{path}"
        email, phone = rng.choice(EMAILS), rng.choice(PHONES)
        return template.format(
            link=f"[{rng.choice(shapes.link_texts)}]({self.url()})", url=url,
            email=f"<{email}>" if rng.random() < 0.3 else email, phone=phone,
            tel=f"[{shapes.call}](tel:{phone.replace(' ', '-')})")

    def paragraph(self, count: int | None = None) -> str:
        count = count or weighted(self.rng, {1: 8, 2: 16, 3: 22, 4: 18, 5: 14, 6: 9, 7: 6, 8: 4, 9: 2, 10: 1})
        return self.decorate(self.sentences(count))

    def short_line(self) -> str:
        return self.rng.choice(self.bank.short_lines if self.bank else SHORT_LINES)

    # ---- headings and questions --------------------------------------------------------

    def unique(self, text: str) -> bool:
        key = text.casefold().strip()
        if key in self.headings:
            return False
        self.headings.append(key)
        return True

    def section_title(self) -> str:
        pool = list(self.bank.sections if self.bank else self.topic.sections + GENERIC_SECTIONS)
        for _ in range(30):
            title = self.rng.choice(pool)
            if title.casefold() != (self.faq_heading or "Frequently Asked Questions").casefold() and self.unique(title):
                return title
        title = f"{self.rng.choice(pool)} ({len(self.headings)})"
        self.unique(title)
        return title

    def rail_target(self) -> int:
        return weighted(self.rng, {1: 28, 2: 30, 3: 20, 4: 13, 5: 9})

    def fit_lines(self, bases: list[str], tails: list[str], target: int, end: str = "", start: str = "") -> str:
        """A heading of `target` estimated rail lines: a base plus clauses, unique in the article."""
        rng = self.rng
        best = None
        for _ in range(200):
            text = rng.choice(bases)
            for _ in range(rng.randint(0, 3) if target > 1 else 0):
                tail = rng.choice(tails)
                if tail not in text:
                    text += tail
                if rail_lines(start + text + end) >= target:
                    break
            text = start + text + end
            lines = rail_lines(text)
            if lines == target and text.casefold().strip() not in self.headings and len(text.split()) >= 2:
                self.unique(text)
                return text
            if best is None or abs(rail_lines(best) - target) > abs(lines - target):
                if text.casefold().strip() not in self.headings and len(text.split()) >= 2:
                    best = text
        best = best or f"{start}{rng.choice(bases)} {len(self.headings)}{end}"
        self.unique(best)
        return best

    def subsection_title(self) -> str:
        target = self.rail_target()
        if self.bank:
            return self.fit_lines(list(self.bank.subsections), list(self.bank.title_tails), target)
        bases = list(self.topic.subsections + GENERIC_SUBSECTIONS)
        tails = list(TITLE_TAILS)
        if self.title_style:
            bases = [title_case(base) for base in bases]
            tails = [" " + title_case(tail.strip(), first=False) for tail in tails]
        return self.fit_lines(bases, tails, target)

    def question(self) -> str:
        target = self.rail_target()
        if self.bank:
            return self.fit_lines(list(self.bank.questions), list(self.bank.question_tails), target,
                                  self.bank.question_mark, self.bank.question_open)
        topic = self.topic
        generic = [f"How long does {topic.subject} usually last", f"Can {topic.subject} come back",
                   f"When should I talk to a professional about {topic.subject}",
                   "What should I do if nothing seems to help", "How do I explain this to my family",
                   "Is it normal to feel worse before I feel better"]
        bases = list(topic.questions) + generic
        if target == 1:
            bases = list(SHORT_QUESTIONS) + [q for q in topic.questions if rail_lines(q + "?") == 1]
        return self.fit_lines(bases, list(QUESTION_TAILS), target, "?")

    def minor_heading(self) -> str:
        pool = self.bank.subsections if self.bank else GENERIC_SUBSECTIONS + ("A note on bedtime",
                                                                             "If you have children", "One example")
        for _ in range(20):
            text = self.rng.choice(pool)
            if self.unique(text):
                return text
        text = f"{self.rng.choice(pool)} {len(self.headings)}"
        self.unique(text)
        return text

    # ---- blocks ------------------------------------------------------------------------

    def list_block(self, depth: int = 1, ordered: bool | None = None, nested: int | None = None) -> list[str]:
        """Lines of a bullet or ordered list; `nested` levels of sub-lists (1 = flat)."""
        rng = self.rng
        ordered = rng.random() < 0.35 if ordered is None else ordered
        nested = nested or weighted(rng, {1: 75, 2: 18, 3: 7})
        bullet = rng.choice(("-", "-", "*"))
        lines: list[str] = []
        count = rng.randint(2, 6)
        nest_at = rng.randrange(count) if nested > 1 else -1
        for index in range(count):
            marker = f"{index + 1}." if ordered else bullet
            if self.shapes and rng.random() < 0.15:  # words joined by slashes, a dose, a duration
                text = rng.choice(self.shapes.joined + self.shapes.amounts)
            else:
                text = self.decorate(self.sentences(weighted(rng, {1: 60, 2: 30, 3: 10})))
            if rng.random() < 0.2 and not self.bank:
                lead = capital(rng.choice(self.topic.strategies))
                text = f"**{lead}.** {text}"
            lines.append(f"{marker} {text}")
            if index == nest_at:
                indent = " " * (len(marker) + 1)
                sub = self.list_block(depth + 1, rng.random() < 0.3, nested - 1)
                lines += [indent + line if line else "" for line in sub]
        return lines

    def quote(self) -> list[str]:
        rng = self.rng
        quotes = self.bank.quotes if self.bank else self.topic.quotes
        lines = [f"> {rng.choice(quotes)}"]
        if rng.random() < 0.3:
            lines += [">", f"> {self.paragraph(rng.randint(1, 3))}"]
        if rng.random() < 0.4:
            if self.shapes:
                lines += [">", "> " + ("——" if self.language in UNSPACED else "— ") + self.shapes.attribution]
            else:
                lines += [">", "> — A client, after a few weeks of practice"
                          if not self.bank else "> — " + QUOTED_CLIENT.get(self.language, "A client")]
        return lines

    def callout(self) -> list[str]:
        """A GitHub-style alert: its kind, then one or two paragraphs."""
        rng = self.rng
        kind = weighted(rng, {"NOTE": 30, "TIP": 30, "IMPORTANT": 15, "WARNING": 15, "CAUTION": 10})
        lines = [f"> [!{kind}]", f"> {self.paragraph(rng.randint(1, 3))}"]
        return lines + ([">", f"> {self.paragraph(rng.randint(1, 2))}"] if rng.random() < 0.25 else [])

    def image(self) -> list[str]:
        rng = self.rng
        ratio = weighted(rng, {"wide": 24, "landscape": 26, "square": 20, "tall": 18, "very-tall": 12})
        across, down = RATIOS[ratio]
        long_side = rng.randint(300, 900)
        if across >= down:
            width, height = long_side, max(40, long_side * down // across)
        else:
            width, height = max(40, long_side * across // down), long_side
        self.image_count += 1
        name = f"images/{self.slug}-{self.image_count}-{ratio}.png"
        self.files[name] = png_bytes(width, height, rng)
        alts = self.bank.alts if self.bank else self.topic.alts
        alt = rng.choice(alts)
        if rng.random() < 0.4:  # a title makes it a figure with a caption
            caption = capital(rng.choice(self.topic.strategies)) if not self.bank else alt.split(",")[0]
            title = caption.replace('"', '\\"')  # a fixture's list item may quote someone
            return [f'![{alt}]({name} "{title}")']
        return [f"![{alt}]({name})"]

    def cell(self, kind: str) -> str:
        rng = self.rng
        if kind == "empty" or (kind != "label" and rng.random() < 0.06):
            return ""
        if kind in ("short", "label"):
            if self.shapes and rng.random() < 0.3:
                return rng.choice(self.shapes.amounts + self.shapes.joined)
            if self.bank:
                return rng.choice(self.bank.short_cells)
            return rng.choice(SHORT_CELLS) if kind == "short" else capital(rng.choice(
                SHORT_CELLS + tuple(s for s in self.topic.subsections if len(s.split()) <= 2)))
        if kind == "medium":
            if self.shapes and rng.random() < 0.35:
                return rng.choice(self.shapes.joined + self.shapes.amounts + self.shapes.runs)
            if self.bank:
                return rng.choice(self.bank.medium_cells)
            roll = rng.random()
            if roll < 0.08:
                return f"`{rng.choice(CODE_WORDS)}`"
            if roll < 0.12:
                return f"[{rng.choice(LINK_TEXTS)}]({self.url()})"
            pool = self.topic.strategies if roll < 0.55 else self.topic.symptoms
            text = capital(rng.choice(pool))
            return f"*{text}*" if rng.random() < 0.05 else text
        if kind == "notes":  # a worksheet column, mostly left blank
            return "" if rng.random() < 0.8 else capital(rng.choice(self.topic.situations)) if not self.bank else ""
        return self.sentences(rng.randint(2, 3))  # long

    def table(self, rows: int | None = None, columns: int | None = None, in_answer: bool = False) -> list[str]:
        rng = self.rng
        columns = columns or weighted(rng, {1: 5, 2: 28, 3: 30, 4: 20, 5: 10, 6: 7})
        if rows is None:
            rows = weighted(rng, {1: 6, 2: 10, 3: 16, 4: 16, 5: 14, 6: 10, 8: 8, 10: 6, 14: 5, 20: 4, 30: 2})
            if in_answer:
                rows = min(rows, 6)
        worksheet = columns >= 3 and rng.random() < 0.15
        # One kind per column: a label first, then a mix; long cells in at most two columns (one in
        # wide or long tables, and a long tracker table usually has none).
        kinds = ["label" if rng.random() < 0.7 else "medium"]
        longs = 0
        max_long = 2 if columns <= 4 and rows <= 10 else 1
        if rows >= 30 and rng.random() < 0.6:
            max_long = 0
        for _ in range(columns - 1):
            allowed = {"short": 30, "medium": 40, "long": 20 if longs < max_long else 0}
            kind = weighted(rng, allowed)
            longs += kind == "long"
            kinds.append(kind)
        if worksheet:
            kinds[-1] = "notes"
        if columns == 1:
            kinds = [weighted(rng, {"medium": 50, "long": 30, "short": 20})]
        header_pool = self.bank.headers if self.bank else SHORT_HEADERS
        long_pool = self.bank.long_headers if self.bank else LONG_HEADERS
        header = []
        for _ in range(columns):
            for _ in range(10):
                text = rng.choice(long_pool) if rng.random() < 0.25 else rng.choice(header_pool)
                if text not in header:
                    break
            header.append(text)
        if worksheet and not self.bank and not self.shapes:
            header, kinds = self.write_in_columns(header, kinds, rows)
        aligns = ["---"] * columns
        if rng.random() < 0.25:
            aligns = [rng.choice(("---", ":---:", "---:", ":---", "---")) for _ in range(columns)]
        lines = []
        if rng.random() < 0.3:
            lines.append(f"Table: {self.caption()}")
            if rng.random() < 0.5:
                lines.append("")
        lines.append("| " + " | ".join(escape_cell(text) for text in header) + " |")
        lines.append("| " + " | ".join(aligns) + " |")
        day = {"es": "Día {n}", "de": "Tag {n}"}.get(self.language, "Day {n}")
        digits = "0123456789"
        if worksheet and self.shapes:  # in the script's own digits, one table in two
            day = self.shapes.day
            digits = self.shapes.digits if self.shapes.digits and rng.random() < 0.5 else digits
        for number in range(rows):
            cells = []
            for index, kind in enumerate(kinds):
                if worksheet and index == 0:
                    cells.append(day.format(n=str(number + 1).translate(str.maketrans("0123456789", digits))))
                else:
                    cells.append(escape_cell(self.cell(kind)))
            lines.append("| " + " | ".join(cells) + " |" if any(cells) or columns > 1 else "| " + cells[0] + " |")
        return [re.sub(r"\|\s+(?=\|)", "| ", line) if line.startswith("|") else line for line in lines]

    def write_in_columns(self, header: list[str], kinds: list[str], rows: int) -> tuple[list[str], list[str]]:
        """An English worksheet's columns after the first as a client's diary has them: ratings to
        write a number in and free text, each headed as a clinician heads it and left empty. Drawn
        from an RNG of their own, so that the rest of the article is as it was for every seed."""
        local = Random(f"write-in:{self.slug}:{len(header)}:{rows}:{header[0]}")
        numbers = ("Distress (0-100)", "Expected distress (0-100)", "Mood (0-10)", "Urge 1-5", "Belief %",
                   "How many times")
        texts = ("Situation (be specific)", "What happened", "What I did", "Thoughts", "What I told myself",
                 "Where I was and who was there")
        for index in range(1, len(header)):
            pool = numbers if local.random() < 0.4 else texts
            choices = [text for text in pool if text not in header] or list(pool)
            header[index] = local.choice(choices)
            kinds[index] = "empty"
        return header, kinds

    def caption(self) -> str:
        rng = self.rng
        if self.shapes:
            return rng.choice(self.shapes.captions)
        if self.bank:
            return rng.choice(("Resumen", "Qué hacer y cuándo", "Registro semanal") if self.language == "es"
                              else ("Überblick", "Was wann hilft", "Wochenprotokoll") if self.language == "de"
                              else self.bank.sections)
        options = (f"What to try when {rng.choice(self.topic.symptoms)} shows up",
                   "A week of practice", "Signals and responses",
                   f"Four ways to respond to {self.topic.subject}, and when each one helps most",
                   "Summary")
        return rng.choice(options)

    def multilingual_table(self) -> list[str]:
        rows = self.rng.sample(MULTILINGUAL, self.rng.randint(2, 4))
        lines = ["Table: The same phrases in several languages", ""]
        lines.append("| " + " | ".join(row[0] for row in rows) + " |")
        lines.append("|" + " --- |" * len(rows))
        for index in range(1, 4):
            lines.append("| " + " | ".join(row[index] for row in rows) + " |")
        return lines

    def big_table(self) -> list[str]:
        self.big_table_done = True
        return self.table(rows=self.rng.choice((40, 50, 60)), columns=self.rng.randint(2, 4))

    # ---- sections ----------------------------------------------------------------------

    def content(self, blocks: int, first: str | None = None) -> list[list[str]]:
        """`blocks` blocks of a section's body (each a list of lines); `first` forces the first kind."""
        rng = self.rng
        kinds = {"paragraph": 46, "list": 14, "table": 10, "image": 6, "quote": 4, "short": 5, "minor": 4,
                 "callout": 3, "multilingual": 0.4 if not self.bank else 0}
        out: list[list[str]] = []
        for index in range(blocks):
            kind = first if index == 0 and first else weighted(rng, kinds)
            if kind == "minor" and (index == blocks - 1):
                kind = "paragraph"  # a minor heading needs text after it
            if kind == "paragraph":
                out.append([self.paragraph()])
            elif kind == "short":
                out.append([self.short_line()])
            elif kind == "list":
                out.append(self.list_block())
            elif kind == "table":
                if self.size == "huge" and not self.big_table_done:
                    out.append(self.big_table())
                else:
                    out.append(self.table())
            elif kind == "image":
                out.append(self.image())
            elif kind == "quote":
                out.append(self.quote())
            elif kind == "callout":
                out.append(self.callout())
            elif kind == "multilingual":
                out.append(self.multilingual_table())
            elif kind == "minor":
                out.append([f"#### {self.minor_heading()}"])
        return out

    def opening(self) -> str | None:
        """What comes right after a heading, chosen to test page feet: a one-line paragraph, a table, an image."""
        return weighted(self.rng, {None: 62, "short": 14, "table": 10, "image": 7, "list": 7})

    def section(self, plan: dict) -> list[str]:
        rng = self.rng
        lines = [f"## {self.section_title()}", ""]
        lead = rng.randint(*plan["lead"])
        subsections = rng.randint(*plan["subs"])
        if lead == 0 and subsections == 0:
            lead = 1
        for block in self.content(lead, self.opening()):
            lines += block + [""]
        for _ in range(subsections):
            lines += [f"### {self.subsection_title()}", ""]
            for block in self.content(rng.randint(*plan["sub_blocks"]), self.opening()):
                lines += block + [""]
        return lines

    def answer(self, question: str) -> list[list[str]]:
        rng = self.rng
        kind = weighted(rng, {"one": 22, "paragraph": 34, "paragraphs": 14, "list": 14, "nested": 6, "table": 6,
                              "quote": 2, "list-first": 2})
        if kind == "one":
            if self.bank:
                return [[self.sentence()]]
            return [[rng.choice(YES_NO_ANSWERS if question.startswith(YES_NO_STARTS) else OPEN_ANSWERS)]]
        if kind == "paragraph":
            return [[self.paragraph(rng.randint(1, 5))]]
        if kind == "paragraphs":
            return [[self.paragraph(rng.randint(2, 6))] for _ in range(rng.randint(2, 4))]
        if kind == "list":
            return [[self.paragraph(rng.randint(1, 2))], self.list_block(nested=1)]
        if kind == "nested":
            blocks = [[self.paragraph(rng.randint(1, 2))], self.list_block(nested=rng.choice((2, 3)))]
            if rng.random() < 0.4:
                blocks.append([self.paragraph(rng.randint(1, 3))])
            return blocks
        if kind == "table":
            return [[self.paragraph(rng.randint(1, 2))], self.table(in_answer=True)]
        if kind == "quote":
            return [[self.paragraph(rng.randint(1, 3))], self.quote()]
        return [self.list_block(), [self.paragraph(rng.randint(1, 2))]]

    def faq(self, count: int) -> list[str]:
        # A Spanish or German article without `faq_heading` heads its FAQ in its own language,
        # which is that language's default FAQ heading.
        heading = self.faq_heading or (self.bank.faq_heading if self.bank else "Frequently Asked Questions")
        if not self.faq_heading and not self.bank and self.rng.random() < 0.1:
            heading = "Frequently asked questions"  # the match is case-insensitive
        lines = [f"## {heading}", ""]
        if self.rng.random() < 0.08:
            lines += [self.paragraph(self.rng.randint(1, 2)), ""]
        for _ in range(count):
            question = self.question()
            lines += [f"### {question}", ""]
            for block in self.answer(question):
                lines += block + [""]
        return lines

    # ---- front matter ------------------------------------------------------------------

    def title(self) -> str:
        rng = self.rng
        if self.bank:
            return rng.choice(self.bank.titles)
        topic = self.topic
        shape = weighted(rng, {"short": 40, "colon": 30, "quotes": 8, "amp": 10, "long": 12})
        base = rng.choice(topic.titles)
        if shape == "colon":
            return f"{base}: {rng.choice(topic.title_tails)}"
        if shape == "quotes":
            return rng.choice((f'Why "Just Relax" Rarely Helps With {title_case(topic.subject)}',
                               f"“{base}”: Questions Clients Ask",
                               f"{base}: 'It Is All in My Head' and Other Myths"))
        if shape == "amp":
            other = rng.choice(self.other.titles)
            return f"{base} & {other}" if other != base else f"{base} & You"
        if shape == "long":
            return (f"{base}: {rng.choice(topic.title_tails)}, With Exercises, a Weekly Plan "
                    f"and Answers to the Questions Clients Ask Most Often")
        return base

    def front_matter(self, quick: str | None, reflection: int) -> list[str]:
        rng = self.rng
        lines = ["---", f"title: {yaml_scalar(self.title_text, rng)}"]
        if rng.random() < 0.45:
            lines.append(f"subtitle: {yaml_scalar(rng.choice(self.bank.subtitles if self.bank else SUBTITLES), rng)}")
        if rng.random() < 0.5:
            lines.append(f"author: {yaml_scalar(rng.choice(AUTHORS), rng)}")
        if self.language != "en" or rng.random() < 0.35:
            lines.append(f"language: {self.language}")
        if rng.random() < 0.6:
            lines.append(f"date: {rng.randint(2023, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        if rng.random() < 0.5:
            text = rng.choice(self.bank.sentences[:6]) if self.bank else self.fill(rng.choice(TEMPLATES[:4]))
            lines.append(f"description: {yaml_scalar(text, rng)}")
        if rng.random() < 0.5:
            pool = self.bank.keywords if self.bank else self.topic.keywords
            words = rng.sample(pool, min(len(pool), rng.randint(1, 4)))
            if rng.random() < 0.6:
                lines.append(f"keywords: [{', '.join(words)}]")
            else:
                lines += ["keywords:"] + [f"  - {word}" for word in words]
        if self.faq_heading:
            lines.append(f"faq_heading: {yaml_scalar(self.faq_heading, rng)}")
        if quick:
            if rng.random() < 0.75 or len(quick) > 300:
                lines += folded("quick_answer", quick).rstrip("\n").split("\n")
            else:
                lines.append(f"quick_answer: {yaml_scalar(quick, rng)}")
        if reflection:
            prompts = rng.sample(self.bank.reflection if self.bank else REFLECTION,
                                 min(reflection, len(self.bank.reflection if self.bank else REFLECTION)))
            lines += ["reflection:"] + [f"  - {yaml_scalar(prompt, rng)}" for prompt in prompts]
            if rng.random() < 0.35:  # a worksheet: a scale to circle, boxes to tick, fields now and then
                lines += self.worksheet_prompts()
                lines += ["fillable: true"] if rng.random() < 0.5 else []
        return lines + ["---", ""]

    def worksheet_prompts(self) -> list[str]:
        """Front matter lines of a scale and, one time in two, a checklist (the article's words
        in the SCRIPT_LANGUAGES, English otherwise)."""
        rng, shapes = self.rng, self.shapes
        if shapes:
            prompt, low, high = (yaml_scalar(text, rng) for text in shapes.scale)
        else:
            prompt, low, high = "How strong was the feeling this week?", "not at all", "as strong as ever"
        lines = [f"  - prompt: {prompt}", "    kind: scale", f"    to: {rng.choice((5, 10, 10, 20))}",
                 f"    low: {low}", f"    high: {high}"]
        if rng.random() < 0.5:
            asked = yaml_scalar(shapes.checklist[0], rng) if shapes else "What did you try?"
            lines += [f"  - prompt: {asked}", "    kind: checklist", "    options:"]
            options = rng.sample(shapes.checklist[1:] if shapes else self.topic.strategies, 3)
            lines += [f"      - {yaml_scalar(capital(option), rng)}" for option in options]
        return lines

    # ---- the whole article -------------------------------------------------------------

    PLANS = {
        "tiny": {"intro": (0, 1), "sections": (1, 1), "lead": (1, 2), "subs": (0, 1), "sub_blocks": (1, 1),
                 "faq": (1, 3)},
        "short": {"intro": (0, 2), "sections": (1, 3), "lead": (0, 2), "subs": (0, 2), "sub_blocks": (1, 2),
                  "faq": (1, 5)},
        "medium": {"intro": (0, 3), "sections": (2, 4), "lead": (0, 2), "subs": (0, 3), "sub_blocks": (1, 2),
                   "faq": (2, 7)},
        "long": {"intro": (1, 3), "sections": (3, 6), "lead": (1, 3), "subs": (1, 3), "sub_blocks": (1, 3),
                 "faq": (3, 9)},
        "huge": {"intro": (1, 3), "sections": (3, 6), "lead": (1, 3), "subs": (1, 3), "sub_blocks": (1, 3),
                 "faq": (6, 12)},
    }

    def article(self) -> GeneratedArticle:
        rng = self.rng
        plan = self.PLANS[self.size]
        if self.bank and rng.random() < 0.85:
            self.faq_heading = self.bank.faq_heading
        elif not self.bank and rng.random() < 0.08:
            self.faq_heading = rng.choice(("Common Questions", "Questions Clients Ask"))
        self.headings.append((self.faq_heading or "Frequently Asked Questions").casefold())
        quick_kind = weighted(rng, {"short": 30, "long": 35, None: 35})
        quick = None
        if quick_kind == "short":
            quick = self.sentence()
        elif quick_kind == "long":
            count = rng.randint(5, 8)
            quick = self.sentences(count)
            if count < 8 and rng.random() < 0.3 and not self.bank:  # a bold lead: one sentence more
                quick = quick.replace(". ", ". **" + capital(rng.choice(self.topic.strategies)) + ".** ", 1)
        reflection = rng.randint(1, 4) if rng.random() < 0.2 else 0
        has_faq = rng.random() < 0.82
        body: list[str] = []
        for _ in range(rng.randint(*plan["intro"])):
            body += [self.paragraph(), ""]
        for _ in range(rng.randint(*plan["sections"])):
            body += self.section(plan)
        if self.size == "huge" and not self.big_table_done:
            body += [f"## {self.section_title()}", "", self.paragraph(2), ""] + self.big_table() + [""]
        if has_faq:
            body += self.faq(rng.randint(*plan["faq"]))
        body += [""] + [f"[^{number}]: {note}" for number, note in enumerate(self.notes, 1)] if self.notes else []
        lines = self.front_matter(quick, reflection) + body
        while lines and lines[-1] == "":
            lines.pop()
        return GeneratedArticle(self.slug, "\n".join(lines) + "\n", dict(self.files))


def generate_article(seed: int, languages: tuple[str, ...] = ()) -> GeneratedArticle:
    """One article, fully determined by `seed`; with `languages`, in the one of them the seed
    deals (round robin: consecutive seeds spread evenly over them)."""
    rng = Random(f"handout-article-{seed}")
    dealt = (languages[seed % len(languages)],) if languages else ()
    return _article(rng, f"a{seed}".replace("-", "m"), languages=dealt)


def _article(rng: Random, prefix: str, size: str | None = None, languages: tuple[str, ...] = ()) -> GeneratedArticle:
    return Writer(rng, prefix, size, languages).article()


# --------------------------------------------------------------------------------------------
# Books
# --------------------------------------------------------------------------------------------

BOOK_TITLES = ("Coping Skills", "Handouts for the First Sessions", "Sleep, Worry and Mood",
               "Between Sessions: A Workbook", "Family Guide to Anxiety & Low Mood", "Relationships: Trust and Limits",
               "Herramientas para el día a día", "Hilfen für den Alltag")


@dataclass(frozen=True)
class GeneratedBook:
    slug: str
    yaml: str
    articles: tuple[GeneratedArticle, ...]

    def write(self, folder: Path) -> Path:
        """Write `<slug>.yaml`, its articles beside it and their images (shared images/, unique names)."""
        folder = Path(folder)
        for article in self.articles:
            article.write(folder)
        path = folder / f"{self.slug}.yaml"
        path.write_bytes(self.yaml.encode("utf-8"))
        return path


def generate_book(seed: int, languages: tuple[str, ...] = ()) -> GeneratedBook:
    """A book of 1 to 6 articles, fully determined by `seed` (and `languages`: its chapters in these)."""
    rng = Random(f"handout-book-{seed}")
    tag = f"b{seed}".replace("-", "m")
    count = weighted(rng, {1: 10, 2: 25, 3: 25, 4: 20, 5: 12, 6: 8})
    articles = tuple(_article(Random(rng.getrandbits(64)), f"{tag}-{index + 1}",
                              weighted(rng, {"tiny": 25, "short": 45, "medium": 25, "long": 5}), languages)
                     for index in range(count))
    lines = []
    if rng.random() < 0.3:
        lines.append("# A book of handouts: one chapter per article.")
    lines.append(f"title: {yaml_scalar(rng.choice(BOOK_TITLES), rng)}")
    if rng.random() < 0.55:  # otherwise only the required keys
        if rng.random() < 0.7:
            lines.append(f"subtitle: {yaml_scalar(rng.choice(SUBTITLES), rng)}")
        if rng.random() < 0.7:
            lines.append(f"author: {yaml_scalar(rng.choice(AUTHORS), rng)}")
        if rng.random() < 0.6:
            lines.append(f"language: {weighted(rng, {'en': 80, 'es': 10, 'de': 10})}")
    if rng.random() < 0.2 and count > 1:
        lines.append(f"articles: [{', '.join(article.slug + '.md' for article in articles)}]")
    else:
        lines.append("articles:")
        lines += [f"  - {article.slug}.md" for article in articles]
    return GeneratedBook(f"book-{tag}", "\n".join(lines) + "\n", articles)


# --------------------------------------------------------------------------------------------


def language_option(text: str) -> tuple[str, ...]:
    """chosen_languages() for argparse: an unknown language is a usage error."""
    try:
        return chosen_languages(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    made = argparse.ArgumentParser(description="Write one generated handout article (or book) into a folder.")
    made.add_argument("--seed", type=int, required=True)
    made.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    made.add_argument("--book", action="store_true", help="write a book (.yaml and its articles) instead")
    made.add_argument("--languages", type=language_option, default=(), metavar="LIST",
                      help="only in these languages, comma-separated tags or groups: "
                           f"{', '.join(LANGUAGE_GROUPS)} (scripts: {','.join(SCRIPT_LANGUAGES)})")
    args = made.parse_args(argv)
    made_thing = generate_book(args.seed, args.languages) if args.book else generate_article(args.seed, args.languages)
    print(made_thing.write(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
