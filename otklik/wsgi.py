import os

from django.core.wsgi import get_wsgi_application

from otklik.lib.env import restrict_new_files

restrict_new_files()

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
application = get_wsgi_application()
