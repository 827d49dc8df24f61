using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using OrthoRegen.Accounts;

namespace OrthoRegen.Web.Accounts;

/// <summary>Keeps the Data Protection key ring in the database so every web node reads the same keys.</summary>
public sealed class DatabaseXmlRepository(DataProtectionKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => store.All().Select(XElement.Parse).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.Store(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
