from .matrices import RiskLevel, RiskMatrix, grid_from_thresholds
from .programmes import Task, TaskAssessment, TaskLink, WorkProgramme
from .risks import Risk, RiskAction, RiskLog

__all__ = [
    "RiskLevel",
    "RiskMatrix",
    "grid_from_thresholds",
    "Task",
    "TaskAssessment",
    "TaskLink",
    "WorkProgramme",
    "Risk",
    "RiskAction",
    "RiskLog",
]
