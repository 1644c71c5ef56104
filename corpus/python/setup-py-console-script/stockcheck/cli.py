import csv
from importlib import resources

import click


@click.command()
@click.option("--below", default=0, help="Only items this many units below their reorder point.")
def main(below: int) -> None:
    with resources.files("stockcheck").joinpath("reorder.csv").open() as f:
        for row in csv.DictReader(f):
            gap = int(row["reorder_at"]) - int(row["on_hand"])
            if gap > below:
                click.echo(f"{row['sku']}: order {gap}")
