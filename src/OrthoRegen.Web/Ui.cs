namespace OrthoRegen.Web;

/// <summary>Marker type for the UI string resources (<c>Resources/Ui*.resx</c>: en, ko, zh-CN).</summary>
public sealed class Ui;
