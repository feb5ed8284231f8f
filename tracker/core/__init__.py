"""The core: the store (models, opening a database, migrations) and the verbs on actions, owners
and reports. No click and no templates here: the CLI and the web call these same functions."""
