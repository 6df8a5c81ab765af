"""Grievances: a client's complaint, feedback or compliment, sent from the portal and answered by the clinic admin.

Therapists never see them. The client's pages are under the portal's URLs (/portal/feedback/…, names
`portal:grievances`, `portal:grievance_new`, `portal:grievance`); the admin's inbox is /clinic/grievances/.
"""
