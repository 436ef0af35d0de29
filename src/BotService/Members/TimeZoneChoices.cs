using BotService.Messaging;

namespace BotService.Members;

/// <summary>Names for the configured zones and a best guess from a North American area code.</summary>
public static class TimeZoneChoices
{
    private static readonly Dictionary<string, (string En, string Es)> Names = new(StringComparer.Ordinal)
    {
        ["America/New_York"] = ("Eastern", "Este"),
        ["America/Chicago"] = ("Central", "Centro"),
        ["America/Denver"] = ("Mountain", "Montaña"),
        ["America/Phoenix"] = ("Arizona", "Arizona"),
        ["America/Los_Angeles"] = ("Pacific", "Pacífico"),
        ["America/Anchorage"] = ("Alaska", "Alaska"),
        ["Pacific/Honolulu"] = ("Hawaii", "Hawái"),
        ["America/Puerto_Rico"] = ("Puerto Rico", "Puerto Rico"),
    };

    // A sample of area codes per zone: enough to make a useful suggestion; she always confirms or picks.
    private static readonly Dictionary<string, string> AreaCodes = BuildAreaCodes(
        ("America/New_York", "201 202 203 207 212 215 216 239 240 267 301 302 304 305 313 321 336 347 352 404 407 410 412 413 434 443 470 484 508 513 516 517 518 561 585 586 603 607 609 610 614 616 617 646 678 703 704 716 717 718 727 732 734 754 757 770 772 774 781 786 802 803 804 813 828 843 845 856 860 863 904 908 910 914 917 919 929 937 941 954 973 980"),
        ("America/Chicago", "205 210 214 217 218 219 224 225 251 254 256 262 281 309 312 314 316 318 319 320 331 337 346 361 402 405 409 414 417 430 432 469 479 501 504 507 512 515 563 573 601 608 612 615 618 620 630 636 641 651 662 682 708 713 715 731 737 763 773 785 815 816 817 830 832 847 850 870 901 903 913 918 920 931 936 940 952 956 972 979"),
        ("America/Denver", "303 307 385 406 435 505 575 719 720 801 970 983"),
        ("America/Phoenix", "480 520 602 623 928"),
        ("America/Los_Angeles", "206 209 213 253 279 310 323 341 360 408 415 424 425 442 458 503 509 510 530 541 559 562 619 626 628 650 657 661 669 702 707 714 725 747 760 775 805 818 831 858 909 916 925 949 951 971"),
        ("America/Anchorage", "907"),
        ("Pacific/Honolulu", "808"),
        ("America/Puerto_Rico", "787 939"));

    public static string Name(string zoneId, string language) =>
        Names.TryGetValue(zoneId, out var n) ? (language == "es" ? n.Es : n.En) : zoneId[(zoneId.LastIndexOf('/') + 1)..].Replace('_', ' ');

    /// <summary>The configured zone her +1 number's area code suggests, or null.</summary>
    public static string? Suggest(string channel, string address, IReadOnlyList<string> configured)
    {
        if (channel != ChannelNames.Sms || !address.StartsWith("+1", StringComparison.Ordinal) || address.Length != 12) return null;
        return AreaCodes.TryGetValue(address.Substring(2, 3), out var zone) && configured.Contains(zone) ? zone : null;
    }

    private static Dictionary<string, string> BuildAreaCodes(params (string Zone, string Codes)[] groups)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (zone, codes) in groups)
            foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries)) map[code] = zone;
        return map;
    }
}
