namespace VectorVue.TelemetryApi.Privacy;

/// <summary>
/// Splits a metadata key into its words, the way people write keys: at separators (<c>_ - . space</c> …), at
/// camel-case humps (<c>userAgent</c>) and after acronyms (<c>IPAddress</c> → <c>ip</c>, <c>address</c>). Letters
/// and digits that follow each other stay one word (<c>ipv4</c>). Words come back lower-case.
/// </summary>
internal static class KeyWords
{
    public static List<string> Split(string key)
    {
        var words = new List<string>(4);
        var start = -1;
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (!char.IsAsciiLetterOrDigit(c))
            {
                Flush(key, ref start, i, words);
                continue;
            }

            if (start >= 0 && StartsNewWord(key, i))
            {
                Flush(key, ref start, i, words);
            }

            if (start < 0)
            {
                start = i;
            }
        }

        Flush(key, ref start, key.Length, words);
        return words;
    }

    /// <summary>A hump (<c>rA</c>) or the last capital of an acronym before a lower-case letter (<c>IPa</c>: <c>P|A</c>).</summary>
    private static bool StartsNewWord(string key, int i)
    {
        var previous = key[i - 1];
        var c = key[i];
        if (!char.IsAsciiLetterUpper(c))
        {
            return false;
        }

        return char.IsAsciiLetterLower(previous) || char.IsAsciiDigit(previous)
            || (char.IsAsciiLetterUpper(previous) && i + 1 < key.Length && char.IsAsciiLetterLower(key[i + 1]));
    }

    private static void Flush(string key, ref int start, int end, List<string> words)
    {
        if (start >= 0)
        {
            words.Add(key[start..end].ToLowerInvariant());
            start = -1;
        }
    }
}
