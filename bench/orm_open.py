"""Peer baseline: a plain click + SQLAlchemy ORM script running the same owner query as
`tracker open --owner` (what a straightforward implementation would cost)."""

import click
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from tracker.core.models import Action, Owner, Report


@click.command()
@click.argument("url")
@click.argument("email")
def main(url: str, email: str) -> None:
    engine = create_engine(url)
    with Session(engine) as session:
        owner = session.scalar(select(Owner).where(Owner.email == email))
        query = (select(Action, Report.title).outerjoin(Report, Report.id == Action.report_id)
                 .where(Action.owner_id == owner.id, Action.status == "open")
                 .order_by(Action.due_date, Action.id))
        for action, report_title in session.execute(query):
            click.echo(f"{action.id:>5}  {action.due_date}  {owner.name[:20]:<20}  "
                       f"{action.title[:43]:<43}  {report_title or ''}")


if __name__ == "__main__":
    main()
