from setuptools import find_packages, setup

setup(
    name="stockcheck",
    version="2.4.1",
    description="Checks stock levels against reorder points",
    packages=find_packages(exclude=["tests"]),
    package_data={"stockcheck": ["reorder.csv"]},
    install_requires=["click>=8.1"],
    entry_points={
        "console_scripts": [
            "stockcheck = stockcheck.cli:main",
        ],
    },
)
