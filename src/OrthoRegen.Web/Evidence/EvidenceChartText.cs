using Microsoft.Extensions.Localization;
using OrthoRegen.Evidence;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Web.Evidence;

/// <summary>The evidence charts' label sets filled from the UI resources in the request's culture (en, ko, zh-CN).</summary>
public static class EvidenceChartText
{
    public static ForestLabels Forest(IStringLocalizer<Ui> l) => new(l["ChForestStudy"], l["ChForestWeightEstimate"], l["ChForestFixed"],
        l["ChForestRandom"], l["ChForestPrediction"], l["ChForestTitle"], l["ChForestTitleRegistry"]);

    public static ClinicRowLabels Clinic(IStringLocalizer<Ui> l) => new(l["ChClinicRow"], l["ChClinicVersus"], l["ChClinicNote"]);

    public static FunnelLabels Funnel(IStringLocalizer<Ui> l) => new(l["ChFunnelSe"], l["ChFunnelTitle"], l["ChFunnelTitleFilled"]);

    public static PrismaLabels Prisma(IStringLocalizer<Ui> l) => new(l["ChPrismaIdentification"], l["ChPrismaScreening"], l["ChPrismaIncluded"],
        l["ChPrismaRecordsIdentified"], l["ChPrismaRemoved"], l["ChPrismaDuplicates"], l["ChPrismaAutomation"], l["ChPrismaOther"],
        l["ChPrismaScreened"], l["ChPrismaExcluded"], l["ChPrismaSought"], l["ChPrismaNotRetrieved"], l["ChPrismaAssessed"],
        l["ChPrismaReportsExcluded"], l["ChPrismaNone"], l["ChPrismaStudies"], l["ChPrismaReportsIncluded"], l["ChPrismaTitle"]);
}
