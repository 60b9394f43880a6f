"""The site's accounts: django-allauth's log-in, sign-up and password pages in the portal's own
templates (templates/account/), and the account page every signed-in person reaches."""
