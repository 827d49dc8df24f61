using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// A response history is judged against the thresholds of the treated target's population.
public class HistoryPopulationTests
{
    [Theory]
    [InlineData("WOMAC", "KNEE_L", "knee_oa")]
    [InlineData("WOMAC", "HIP_R", "hip_oa")]
    [InlineData("PAIN_VAS", "HIP_L", "hip_oa")]
    [InlineData("PAIN_VAS", "LUMBAR", "low_back_pain")]
    [InlineData("PAIN_VAS", "CERVICAL", "knee_oa")]   // no neck-pain threshold: the default population, stated in the result
    [InlineData("PAIN_NRS", "KNEE_R", "low_back_pain")] // NRS thresholds exist only for low back pain
    [InlineData("KL", "KNEE_R", null)]                 // no thresholds at all
    public void PopulationFor_Target(string instrument, string target, string? expected) =>
        Assert.Equal(expected, ResponseStore.PopulationFor(Definition(instrument), target));
}
