using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using BotService.Tests.Support;

namespace BotService.Tests.Hosting;

/// <summary>
/// The layering in README.md (section Architecture), read from the compiled assembly: a folder may use the folders
/// after it in <see cref="Layers"/>, never one before it. Every type's signatures and method bodies count.
/// </summary>
public partial class ArchitectureTests
{
    /// <summary>Top to bottom. Keep in step with the picture in README.md.</summary>
    internal static readonly string[] Layers =
    [
        "Hosting",
        "Console",
        "Channels",
        "Turns",
        "Retention",
        "CheckIns",
        "Coping",
        "Volunteers",
        "Safety",
        "Members",
        "Messaging",
        "Content",
        "Storage",
        "Privacy",
    ];

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Assembly App = typeof(BotService.Hosting.ServiceRegistration).Assembly;

    /// <summary>Namespaces the compiler and the Razor SDK generate into the assembly; nothing hand-written lives there.</summary>
    private static readonly string[] GeneratedNamespaces = ["AspNetCoreGeneratedDocument", "Microsoft.CodeAnalysis", "System.Runtime.CompilerServices", "System.Text.RegularExpressions.Generated"];

    [Fact]
    public void No_folder_uses_a_folder_above_it()
    {
        var offences = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in App.GetTypes())
        {
            if (Folder(type) is not { } from) continue;
            foreach (var used in ReferencedTypes(type))
            {
                if (used.Assembly != App || Folder(used) is not { } to || to == from) continue;
                if (Array.IndexOf(Layers, to) < Array.IndexOf(Layers, from))
                    offences.Add($"{from} -> {to}: {Outer(type).FullName} uses {Outer(used).FullName}");
            }
        }
        Assert.True(offences.Count == 0, "Folders reaching up the layering (README, Architecture):\n" + string.Join('\n', offences));
    }

    [Fact]
    public void Every_type_lives_in_a_listed_folder()
    {
        var unknown = App.GetTypes()
            .Where(t => t.Namespace is { } ns && !GeneratedNamespaces.Any(g => ns == g || ns.StartsWith(g + ".", StringComparison.Ordinal)))
            .Where(t => Folder(t) is not { } folder || !Layers.Contains(folder))
            .Select(t => $"{t.FullName} ({t.Namespace})")
            .Distinct()
            .ToList();
        Assert.True(unknown.Count == 0, "Types outside the listed folders (add the folder to Layers and the README):\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void Each_source_file_declares_one_top_level_type_named_after_the_file()
    {
        var problems = new List<string>();
        var src = Path.Combine(RepoPaths.Root, "src");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "obj" or "bin")) continue;
            var text = File.ReadAllText(file);
            // File-scoped namespaces put top-level types at column 0; a block namespace indents them one level.
            var indent = BlockNamespace().IsMatch(text) ? "    " : "";
            var types = TopLevelType().Matches(text).Where(m => m.Groups["indent"].Value == indent).Select(m => m.Groups["name"].Value).ToList();
            var name = Path.GetFileName(file);
            // A Razor page's code-behind (Index.cshtml.cs) holds its page model (IndexModel).
            var expected = name.EndsWith(".cshtml.cs", StringComparison.Ordinal) ? name[..^".cshtml.cs".Length] + "Model" : name[..^".cs".Length];
            if (types.Count > 1) problems.Add($"{relative} declares {types.Count} top-level types: {string.Join(", ", types)}");
            else if (types.Count == 1 && types[0] != expected) problems.Add($"{relative} declares {types[0]}, expected {expected}");
            else if (types.Count == 0 && name != "Program.cs") problems.Add($"{relative} declares no type");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [GeneratedRegex(@"^namespace\s+[\w.]+\s*(\{|$)", RegexOptions.Multiline)]
    private static partial Regex BlockNamespace();

    [GeneratedRegex(@"^(?<indent>[ ]*)(?:\[[^\n]*\]\s*)?(?:(?:public|internal|private|protected|file|static|sealed|abstract|readonly|partial|ref|unsafe|new)\s+)*(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?|delegate\s+[\w<>\[\],.? ]+)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    /// <summary>The folder under src/BotService a type's namespace names; null outside the bot's own namespaces.</summary>
    internal static string? Folder(Type type)
    {
        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith("BotService.", StringComparison.Ordinal)) return null;
        var folder = ns["BotService.".Length..].Split('.')[0];
        return folder == "CoordinatorConsole" ? "Console" : folder;
    }

    private static Type Outer(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    private static HashSet<Type> ReferencedTypes(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            while (t.HasElementType) t = t.GetElementType()!;
            if (t.IsGenericParameter || !found.Add(t)) return;
            if (t.IsGenericType) foreach (var argument in t.GetGenericArguments()) Add(argument);
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var a in type.GetCustomAttributesData()) Add(a.AttributeType);
        foreach (var f in type.GetFields(Declared)) Add(f.FieldType);
        foreach (var p in type.GetProperties(Declared)) Add(p.PropertyType);
        foreach (var e in type.GetEvents(Declared)) Add(e.EventHandlerType);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo m)
            {
                Add(m.ReturnType);
                foreach (var g in m.GetGenericArguments()) foreach (var c in g.GetGenericParameterConstraints()) Add(c);
            }
            foreach (var p in method.GetParameters()) Add(p.ParameterType);
            foreach (var t in BodyTypes(type, method)) Add(t);
        }
        return found;
    }

    /// <summary>Types a method body names: its locals, and every type, method and field token in its IL.</summary>
    private static IEnumerable<Type> BodyTypes(Type type, MethodBase method)
    {
        MethodBody? body;
        try { body = method.GetMethodBody(); }
        catch (InvalidOperationException) { yield break; }
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        var il = body.GetILAsByteArray() ?? [];
        var typeArgs = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var module = method.Module;
        for (var at = 0; at < il.Length;)
        {
            OpCode op;
            if (il[at] == 0xFE) { op = TwoByte[il[at + 1]]; at += 2; }
            else { op = OneByte[il[at]]; at += 1; }
            var size = OperandSize(op.OperandType, il, at);
            if (op.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, at);
                MemberInfo? member = null;
                try { member = module.ResolveMember(token, typeArgs, methodArgs); }
                catch (ArgumentException) { }
                switch (member)
                {
                    case Type t: yield return t; break;
                    case MethodBase m:
                        if (m.DeclaringType is { } d) yield return d;
                        if (m.IsGenericMethod) foreach (var g in m.GetGenericArguments()) yield return g;
                        break;
                    case FieldInfo f:
                        if (f.DeclaringType is { } fd) yield return fd;
                        break;
                }
            }
            at += size;
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + BitConverter.ToInt32(il, at) * 4,
        _ => 4,
    };

    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

    static ArchitectureTests()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            var value = (ushort)op.Value;
            if (op.Size == 1) OneByte[value] = op;
            else TwoByte[value & 0xFF] = op;
        }
    }
}
