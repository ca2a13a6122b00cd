from .matrices import RiskLevel, RiskMatrix
from .programmes import Task, TaskAssessment, TaskLink, WorkProgramme
from .risks import Risk, RiskAction, RiskLog

__all__ = [
    "RiskLevel",
    "RiskMatrix",
    "Task",
    "TaskAssessment",
    "TaskLink",
    "WorkProgramme",
    "Risk",
    "RiskAction",
    "RiskLog",
]
