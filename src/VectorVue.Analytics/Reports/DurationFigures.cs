using VectorVue.Analytics.Figures;

namespace VectorVue.Analytics.Reports;

/// <summary>MTTA of one severity scope: first view → first acknowledgement, in minutes.</summary>
public sealed record MttaFigure(string Severity, long Count, decimal? MeanMinutes, decimal? MedianMinutes, decimal? P90Minutes)
{
    public static MttaFigure Of(FindingFigures findings) => new(
        findings.Scope, findings.AcknowledgeMinutes.Count, findings.AcknowledgeMinutes.Mean,
        findings.AcknowledgeMinutes.Median, findings.AcknowledgeMinutes.P90);
}

/// <summary>MTTR of one severity scope: first opening → first completion of a remediation, in hours.</summary>
public sealed record MttrFigure(string Severity, long Count, decimal? MeanHours, decimal? MedianHours, decimal? P90Hours)
{
    public static MttrFigure Of(RemediationFigures remediations) => new(
        remediations.Scope, remediations.RemediateHours.Count, remediations.RemediateHours.Mean,
        remediations.RemediateHours.Median, remediations.RemediateHours.P90);
}
