"""Clinics: the clinic (the tenant), its crisis lines and settings, its staff management, and its inclusive-care
self-assessment. Its tables are still `accounts_clinic`, `accounts_crisisline`, `accounts_inclusivecarereview` and
`accounts_inclusivecareitem`; its pages answer at their accounts URLs and names (/accounts/staff/,
/accounts/clinic/settings/, /accounts/inclusive-care/; `accounts:staff`, `accounts:clinic_settings`,
`accounts:inclusive_care`, ...).
"""
