"""Words for `manage.py seed_scale`: names, places and short passages the large data set is assembled from.

Each field of a seeded row is one or two of these, picked by the seed's random generator, so the rows read
like real records and have realistic lengths without any personal data. Person-first language throughout.
"""

FIRST_NAMES = [
    "Aaliyah",
    "Abdul",
    "Adriana",
    "Aiden",
    "Aisha",
    "Alejandro",
    "Amara",
    "Amir",
    "Ana",
    "Andre",
    "Ángela",
    "Anjali",
    "Ari",
    "Asha",
    "Ben",
    "Bianca",
    "Bo",
    "Camila",
    "Carlos",
    "Chen",
    "Chloe",
    "Dani",
    "Darnell",
    "Deja",
    "Diego",
    "Elena",
    "Eli",
    "Emeka",
    "Esther",
    "Fatima",
    "Felix",
    "Gabriel",
    "Grace",
    "Hana",
    "Hector",
    "Imani",
    "Isaac",
    "Jada",
    "Jamal",
    "Javier",
    "Jin",
    "Jordan",
    "José",
    "Kai",
    "Keisha",
    "Kenji",
    "Lena",
    "Leo",
    "Lucía",
    "Luis",
    "Malik",
    "Marisol",
    "Maya",
    "Mei",
    "Micah",
    "Mina",
    "Nadia",
    "Noah",
    "Nour",
    "Omar",
    "Parker",
    "Priya",
    "Quinn",
    "Rafael",
    "Ravi",
    "Reese",
    "Rosa",
    "Ruth",
    "Sam",
    "Samira",
    "Santiago",
    "Sofia",
    "Tariq",
    "Tess",
    "Thanh",
    "Tomás",
    "Uma",
    "Valeria",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Abara",
    "Ahmed",
    "Alvarez",
    "Bauer",
    "Bello",
    "Brooks",
    "Castillo",
    "Chen",
    "Cohen",
    "Costa",
    "Das",
    "Delgado",
    "Diallo",
    "Dubois",
    "Evans",
    "Fernández",
    "Fischer",
    "Garcia",
    "Gupta",
    "Haddad",
    "Hall",
    "Ibrahim",
    "Ito",
    "Jackson",
    "Johnson",
    "Kaur",
    "Kim",
    "Kowalski",
    "Lee",
    "Lopez",
    "Mensah",
    "Molina",
    "Morales",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Okoro",
    "Ortiz",
    "Park",
    "Patel",
    "Pham",
    "Quispe",
    "Ramírez",
    "Reyes",
    "Rivera",
    "Rossi",
    "Sato",
    "Schmidt",
    "Shah",
    "Silva",
    "Singh",
    "Tanaka",
    "Torres",
    "Tran",
    "Walker",
    "Washington",
    "Wright",
    "Yamamoto",
    "Yilmaz",
    "Young",
    "Zhang",
]
PRONOUNS = ["she/her", "he/him", "they/them", "she/they", "he/they", "", "ella", "él"]

PLACES = [
    "Riverbend",
    "Lakeside",
    "Cedar Hill",
    "Harbor View",
    "Maple Grove",
    "Stonebridge",
    "Willow Creek",
    "Eastgate",
    "Pine Ridge",
    "Brookfield",
    "Sunnyvale",
    "Oak Park",
    "Westfield",
    "Clearwater",
    "Fairmont",
    "Highland",
    "Meadowbrook",
    "Northshore",
    "Redwood",
    "Silver Lake",
    "Southside",
    "Bayview",
    "Elmwood",
    "Greenfield",
]
TIME_ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix"]
STREETS = ["Main Street", "Oak Avenue", "Church Street", "Park Road", "Mill Lane", "Union Square", "Water Street"]

STRENGTHS = [
    "Keeps showing up, even on hard weeks.",
    "Warm with younger siblings and cousins.",
    "Good at fixing bikes.",
    "Writes honestly about what is going on.",
    "Knows the local bus routes by heart.",
    "A steady, loyal friend.",
    "Cooks for the household most evenings.",
    "Notices early when sleep starts to slip.",
    "Funny under pressure.",
    "Asks for help sooner than a year ago.",
    "Patient teacher at the community garden.",
    "Strong sense of fairness.",
]
ACCESSIBILITY = [
    "Prefers written summaries after each session.",
    "Large print for handouts.",
    "Morning appointments work best.",
    "Needs step-free access; uses a wheelchair.",
    "Captions on video sessions.",
    "Quiet waiting area if possible.",
]
CULTURE = [
    "Family is central to decisions; would like the option to bring a sibling.",
    "Faith community is a key support.",
    "Prefers Spanish for anything written.",
    "Observes Ramadan; schedule around fasting in spring.",
    "First in the family to see a therapist; talking about it at home is new.",
]
IDENTITY_GENDER = ["woman", "man", "non-binary", "trans woman", "trans man", "genderqueer"]
IDENTITY_ETHNICITY = ["Black", "Latina", "Latino", "Latinx", "Asian American", "White", "Korean American", "Mixed"]
IDENTITY_DISABILITY = ["living with bipolar disorder", "person living with schizophrenia", "Deaf", "ADHD", "autistic"]

CHECK_IN_NOTES = [
    "Talked through the week at work; sleep has been better since the new routine.",
    "Noticed an early warning sign on Sunday and used two coping skills from the safety plan.",
    "Practised the first lines of the conversation with their sister; felt steadier afterwards.",
    "A hard week: a comment from a coworker stung. We looked at what helped and what did not.",
    "Reviewed the safety plan together and added a new person to call.",
    "Energy is low but they kept the walking goal four days out of seven.",
    "Discussed how much advocacy feels manageable this month; decided to keep it small.",
    "Went to the peer group for the first time. Mixed feelings, wants to try once more.",
    "Medication appointment went well; feels heard by the new prescriber.",
    "Wrote a victory in the journal about speaking up at the pharmacy.",
    "Feeling stretched by family obligations; planned one evening a week just for rest.",
    "",
]
WARNING_SIGNS = [
    "Sleeping less than five hours; pacing at night; skipping meals.",
    "Pulling away from friends; not answering texts.",
    "Racing thoughts; spending money I do not have.",
    "Feeling that I am a burden; staying in bed all day.",
]
COPING_ON_MY_OWN = [
    "Walk around the block; cold water on my face; the breathing app.",
    "Music with headphones; drawing; a hot shower.",
    "Cook something simple; text my future self; five-minute tidy.",
    "Write it down; stretch; watch a comedy I know.",
]
DISTRACTION = [
    "The library on Main Street; my cousin's place; the park bench by the river.",
    "The community garden on Saturdays.",
    "The coffee shop near work; the Friday peer group.",
    "My neighbour's porch; the bowling alley with friends.",
]
PEOPLE_TO_ASK = ["My sister (mobile in phone).", "My friend from the group.", "My roommate.", "My uncle, evenings."]
PROFESSIONALS = ["My therapist at the clinic, weekdays.", "My prescriber's office.", "The clinic's front desk."]
SAFE_ENVIRONMENT = [
    "Medicines kept by my partner for now.",
    "Nothing sharp in the bedroom during hard weeks.",
    "Car keys with my brother when I am not sleeping.",
]
REASONS_FOR_LIVING = [
    "My kids; finishing my course; the dog.",
    "My grandmother; the garden; seeing the ocean again.",
    "My friends from the group; my music; next summer's trip.",
    "My nephew; my faith; the people at work who care.",
]

SUPPORT_DETAILS = {
    "family": ["older sister", "mum", "dad", "cousin", "grandmother", "brother"],
    "partner": ["partner", "wife", "husband", "girlfriend", "boyfriend"],
    "friend": ["best friend", "friend from school", "neighbour", "roommate"],
    "coworker": ["shift lead", "manager", "coworker on the same team"],
    "teacher": ["academic advisor", "course tutor"],
    "community_leader": ["pastor", "imam", "coach at the community centre"],
    "peer": ["peer mentor", "friend from the peer group"],
    "other": ["landlord", "case worker"],
}
SCRIPTS = [
    "I want to tell you something about my health because I trust you. I live with depression and I am in "
    "treatment. You do not need to fix anything; it just helps me that you know.",
    "There is a reason I have missed a few things lately. I have a mental-health condition that I am "
    "managing with support. I am telling you so we can keep working well together.",
    "I have been seeing a therapist. It is going well. If I ever cancel last minute, this is why, and a "
    "quick message from you would mean a lot.",
]

AUDIENCES = ["my new manager", "my teammates", "my course tutor", "my grandparents", "the church group", "my doctor"]
DISCLOSURE_REASONS = [
    "I want to stop making excuses for appointments.",
    "I want them to understand the hard weeks.",
    "I would like to ask for flexible hours.",
    "I am tired of keeping it secret from people close to me.",
]
BENEFITS = ["Less hiding; support on bad days.", "Adjustments at work.", "Being closer to my family."]
COSTS = ["They might treat me differently.", "It could get around the office.", "They might not understand."]
TESTING = ["Mention a news story about mental health and see how they react.", "Talk about a friend's therapy first."]
SHARE_WHAT = [
    "That I am in treatment and doing well.",
    "The name of my condition and what helps.",
    "Only that I see a therapist.",
]
KEEP_PRIVATE = ["My hospital stay.", "Medication details.", "Anything about my family history."]
WHEN_WHERE = ["After the Monday meeting, in the small room.", "On a walk, not at home.", "Over coffee on a Saturday."]
EXIT_LINES = ["I would like to leave it there for today.", "Thanks for listening; I need to get going."]
STANDBY = ["My best friend, by text.", "My sister, by phone.", "The peer warmline."]
BOUNDARIES = ["I am happy to answer some questions, not all of them.", "Please do not share this with others."]
IF_BADLY = ["Leave calmly, call my standby person, use the safety plan.", "Write it down and bring it to session."]
SCENARIOS = [
    "Telling the manager in a one-to-one; the manager asks if it will affect deadlines.",
    "Telling grandparents at Sunday lunch; one of them changes the subject.",
    "Telling a friend on a walk; the friend asks lots of questions.",
    "Telling the course tutor by email first, then meeting in office hours.",
]
DEBRIEF_TEXTS = [
    "It went better than expected. They listened and asked how they could help.",
    "They were quiet at first and then said thank you for telling them.",
    "Some questions felt intrusive, and the boundary statement helped.",
]
LEARNED = ["Saying it out loud gets easier each time.", "Having someone on standby made a real difference."]

ADVOCACY_AIMS = [
    "Help my workplace write a fair mental-health leave policy",
    "Speak at the school board about counsellor hours",
    "Join the local coalition on housing for people living with mental illness",
    "Write one op-ed about stigma in the news",
    "Share my story at the library's community forum",
    "Start a peer-support corner at the community centre",
]
THERAPEUTIC_GOALS = [
    "Turn anger about how I was treated into something useful, at a pace that protects sleep.",
    "Practise speaking up in low-stakes settings first.",
    "Feel part of something bigger than my diagnosis.",
]
OFF_LIMITS = ["My hospital stay.", "My family's names.", "Anything about my children."]
MEDIA_RULES = ["No photos.", "First name only in print.", "No live interviews."]
STEP_DESCRIPTIONS = [
    "Draft the first three paragraphs and read them aloud in session.",
    "Email the committee chair to ask for five minutes.",
    "Practise the two-minute version of the talk with a timer.",
    "Attend one coalition meeting as a listener.",
    "Write a letter to the local paper about respectful language.",
    "Meet the HR lead with a support person.",
]
REFLECTIONS = [
    "Nervous beforehand, proud afterwards.",
    "Shorter than planned; still counts.",
    "Need more rest after these.",
]
REVIEW_NOTES = [
    "Energy is holding up.",
    "Sleep dipped the week of the meeting.",
    "Wants to slow the pace until exams end.",
]
STORY_TITLES = ["What I wish my manager had known", "Five things that helped", "Respectful words matter", "Not broken"]
STORY_TEXT = (
    "For years I kept my diagnosis to myself. I worried that people would see the label before they saw me. "
    "What changed was small: one coworker who asked how I was, and waited for the real answer. "
)
OPPORTUNITY_NAMES = [
    "Mental Health Coalition",
    "School Board public comment",
    "Workplace wellness committee",
    "Library forum",
    "Housing advocacy network",
    "Faith and mental health circle",
    "City council listening session",
]

FOCUS_AREAS = [
    "Peer support",
    "Young adults",
    "LGBTQ+",
    "Work and training",
    "Housing",
    "Recovery",
    "Family support",
    "Spanish-speaking",
    "Veterans",
    "Creative arts",
]
RESOURCE_KINDS_NAMES = {
    "peer_group": [
        "Hearing Voices group",
        "Wellness recovery circle",
        "Young adults peer group",
        "Bipolar support group",
    ],
    "mentor": ["Peer mentor programme", "Recovery mentors"],
    "peer_specialist": ["Certified peer specialist drop-in", "Peer navigator"],
    "mutual_aid": ["Neighbourhood mutual aid", "Grocery share"],
    "warmline": ["Evening warmline", "Peer-run warmline"],
    "housing": ["Supported housing advice", "Tenant rights clinic"],
    "employment": ["Job coaching with accommodations", "Supported employment"],
    "legal": ["Disability rights legal clinic", "Benefits advice"],
    "transport": ["Ride to appointments", "Reduced-fare transit help"],
}
ORGANISATIONS = ["NAMI chapter", "Community Wellness Center", "Recovery Alliance", "Peer Network", "Public Library"]
RESOURCE_DESCRIPTIONS = [
    "Run by people with lived experience. Newcomers welcome; no need to speak in the first meeting.",
    "Confidential, free and friendly. Small groups, trained facilitators with lived experience.",
    "A welcoming space for people living with mental illness and the people who support them.",
]
SCHEDULES = ["Tuesdays 6–7:30 pm", "Saturdays 10 am", "Weekdays 9–5", "First Monday of the month", "Evenings 5–11 pm"]
REFERRAL_WHY = [
    "Wants to meet others who have been through a hospital stay.",
    "Looking for company on the way back to work.",
    "Would like practical help with housing forms.",
    "Interested in a group in Spanish.",
]
MATCH_BASIS = ["Language, evening schedule, step-free access.", "Close to the bus line; free.", "Young adults focus."]
SAFETY_AGREEMENTS = [
    "Crisis line and safety plan remain the first step in a crisis.",
    "Will tell therapist if group feels unsafe.",
]
REFERRAL_REASONS = {
    "declined": ["The client would rather wait a few months.", "The client prefers a different group."],
    "not_a_fit": ["Meeting times clash with work.", "The group closed to new members."],
    "withdrawn": ["The client changed their mind after the first meeting."],
}
OUTCOMES = ["Attended eight sessions; keeps in touch with two members.", "Found a mentor; meets monthly."]

VALUES = ["Family, honesty and being useful to others.", "Creativity and freedom.", "Faith, kindness and learning."]
LONG_TERM_GOALS = [
    "Finish the certificate; move into my own place.",
    "Go back to work part-time.",
    "Lead a peer group.",
]
OLD_STORIES = ["I ruin everything I start.", "People only put up with me.", "My diagnosis is all anyone sees."]
NEW_STORIES = ["I have started again before, and I can again.", "People who know me choose to be around me."]
GOALS = {
    "journaling": ["Write three lines before bed", "Note one victory a day"],
    "assertive_communication": ["Say no to one extra shift", "Ask one question in class"],
    "self_care": ["Ten-minute walk after lunch", "Lights out by 11", "Drink water with each meal"],
    "social_connection": ["Text one friend", "Call my sister on Sundays"],
    "advocacy": ["Read one article on disability rights", "Share one post from the coalition"],
    "other": ["Practise guitar for fifteen minutes", "Tidy the desk"],
}
JOURNAL_VICTORIES = [
    "Went to the shop on a bad day and came home proud.",
    "Told my manager I needed a break and took it.",
    "Made it to the peer group even though I almost turned back.",
    "Slept seven hours three nights running.",
]
JOURNAL_REFLECTIONS = [
    "Noticing I feel worse after scrolling at night. Trying the phone-in-the-kitchen rule.",
    "The comment at work still stings, but I handled it better than last time.",
    "Quiet week. Some days are just about getting through, and that is fine.",
]
MILESTONES = ["First month back at work", "Told my best friend", "Finished the course module", "Six months of group"]
COPING_SKILLS = [
    "Box breathing",
    "Cold water on the face",
    "Walk around the block",
    "Call a friend",
    "Grounding 5-4-3-2-1",
]
WHEN_IT_HELPS = ["Before a hard conversation.", "When thoughts race at night.", "After a stressful shift."]
ENCOUNTERS = [
    "A coworker joked that someone was 'acting crazy' during the team meeting.",
    "A nurse talked over me and asked my mother instead of me.",
    "A news story called people like me dangerous.",
    "A relative said I should just try harder.",
]
ENCOUNTER_RESPONSES = ["Said calmly that the word hurt.", "Left the room and wrote it down.", "Said nothing this time."]
ENCOUNTER_LEARNING = ["Having a short line ready helps.", "It is not my job to educate everyone every time."]
REMINDER_NOTES = [
    "Ask about the new job.",
    "Follow up on housing forms.",
    "Check sleep log.",
    "Plan next month's pace.",
]
GRIEVANCE_SUBJECTS = ["Waiting room privacy", "Thank you to the front desk", "Evening appointments", "Forms in Spanish"]
GRIEVANCE_TEXTS = [
    "It would help to have a quieter place to wait. The television is very loud.",
    "I want to say thank you to the front desk; they were kind on a hard day.",
    "Could there be more evening appointments? I work until five.",
]
GRIEVANCE_RESPONSES = ["Thank you for telling us. We have made a change and would like to hear how it goes."]
CARE_REVIEW_SUMMARY = "Yearly look at how welcoming our care is. Good progress on language; signage still to do."
