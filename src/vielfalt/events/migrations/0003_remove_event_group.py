# The link between an event and an exchange group moves to the exchange (exchange.GroupEvent): events sit
# below the exchange and no longer know groups. exchange.0002_groupevent copies the links before this
# migration removes the column.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0002_event_group'),
        ('exchange', '0002_groupevent'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='event',
            name='group',
        ),
    ]
