"""Per-atom adaptive CNA and coordination by OVITO for one extxyz frame.

Usage: python ovito_cna.py FRAME.extxyz CUTOFF_A
Prints JSON: {"cna": [...], "coordination": [...]} (OVITO's structure types: 0 other, 1 FCC,
2 HCP, 3 BCC, 4 ICO; coordination = neighbours within CUTOFF_A).
"""
import json
import sys

from ovito.io import import_file
from ovito.modifiers import CommonNeighborAnalysisModifier, CoordinationAnalysisModifier

pipeline = import_file(sys.argv[1])
pipeline.modifiers.append(CommonNeighborAnalysisModifier(mode=CommonNeighborAnalysisModifier.Mode.AdaptiveCutoff))
pipeline.modifiers.append(CoordinationAnalysisModifier(cutoff=float(sys.argv[2]), number_of_bins=10))
data = pipeline.compute()
print(json.dumps({
    "cna": [int(x) for x in data.particles["Structure Type"].array],
    "coordination": [int(x) for x in data.particles["Coordination"].array],
}))
