namespace BotService.Safety.CrisisDetection;

/// <summary>
/// The learned layer: a multinomial logistic regression over <see cref="CrisisFeatures"/>, one class per corpus
/// category ("suicide-plan", "overdose-other", ... and "everyday.idiom", "everyday.checkin", ...). It gives the chance
/// that a text is a crisis (one minus every everyday class) and which kind it most looks like. Trained at start-up from the example files, deterministically, so the
/// same examples always give the same model; immutable afterwards.
/// </summary>
internal sealed class CrisisTextModel
{
    internal const string EverydayLabel = "everyday";

    private readonly string[] _labels;
    private readonly float[] _weights;
    private readonly float[] _bias;

    private CrisisTextModel(string[] labels, float[] weights, float[] bias)
    {
        _labels = labels;
        _weights = weights;
        _bias = bias;
    }

    internal IReadOnlyList<string> Labels => _labels;

    /// <summary>
    /// The class an example trains: its crisis category, or "everyday." and its everyday kind. Idioms, check-in
    /// answers and recovery news look unlike each other; a class of their own each separates them from crisis texts
    /// better than one class for all (bench <c>crisis-cv</c>).
    /// </summary>
    internal static string LabelFor(CrisisExample example) =>
        example.IsCrisis ? example.Category : EverydayLabel + "." + example.Category;

    /// <summary>Trains on labelled feature sets (see <see cref="LabelFor"/>).</summary>
    internal static CrisisTextModel Train(IReadOnlyList<(int[] Slots, string Label)> examples, CrisisTrainingSettings settings)
    {
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var classes = labels.Length;
        var weights = new float[CrisisFeatures.SlotCount * classes];
        var squares = new float[weights.Length];
        var bias = new float[classes];
        var biasSquares = new float[classes];
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(settings.Seed);
        var scores = new double[classes];
        var gradients = new float[classes];

        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var index in order)
            {
                var (slots, label) = examples[index];
                if (slots.Length == 0)
                {
                    continue;
                }

                var value = (float)(1 / Math.Sqrt(slots.Length));
                Scores(slots, value, weights, bias, classes, scores);
                var target = labelIndex[label];
                for (var c = 0; c < classes; c++)
                {
                    // Gradient of the log loss for this class; AdaGrad scales each weight's step by its own history.
                    gradients[c] = (float)(scores[c] - (c == target ? 1 : 0));
                    biasSquares[c] += gradients[c] * gradients[c];
                    bias[c] -= settings.LearningRate * gradients[c] / MathF.Sqrt(biasSquares[c] + 1e-6f);
                }

                // Slot by slot, its classes side by side in memory: each weight still gets exactly the same step.
                foreach (var slot in slots)
                {
                    var row = slot * classes;
                    for (var c = 0; c < classes; c++)
                    {
                        var w = row + c;
                        var g = gradients[c] * value + settings.L2 * weights[w];
                        squares[w] += g * g;
                        weights[w] -= settings.LearningRate * g / MathF.Sqrt(squares[w] + 1e-6f);
                    }
                }
            }
        }

        return new CrisisTextModel(labels, weights, bias);
    }

    /// <summary>The chance the text is a crisis (one minus the everyday classes) and the crisis label it most resembles.</summary>
    internal CrisisTextPrediction Predict(int[] slots)
    {
        if (slots.Length == 0)
        {
            return new CrisisTextPrediction(0, null);
        }

        var classes = _labels.Length;
        Span<double> scores = stackalloc double[classes];
        Scores(slots, (float)(1 / Math.Sqrt(slots.Length)), _weights, _bias, classes, scores);
        var best = -1;
        var everyday = 0.0;
        for (var c = 0; c < classes; c++)
        {
            if (IsEveryday(_labels[c]))
            {
                everyday += scores[c];
            }
            else if (best < 0 || scores[c] > scores[best])
            {
                best = c;
            }
        }

        var crisis = 1 - everyday;
        return new CrisisTextPrediction(crisis, best < 0 ? null : _labels[best]);
    }

    /// <summary>"everyday" or "everyday.idiom": every kind of everyday text is a class of its own, none of them a crisis.</summary>
    internal static bool IsEveryday(string label) =>
        label == EverydayLabel || label.StartsWith(EverydayLabel + ".", StringComparison.Ordinal);

    private static void Scores(int[] slots, float value, float[] weights, float[] bias, int classes, Span<double> scores)
    {
        for (var c = 0; c < classes; c++)
        {
            scores[c] = bias[c];
        }

        foreach (var slot in slots)
        {
            var row = slot * classes;
            for (var c = 0; c < classes; c++)
            {
                scores[c] += weights[row + c] * value;
            }
        }

        var max = double.MinValue;
        for (var c = 0; c < classes; c++)
        {
            max = Math.Max(max, scores[c]);
        }

        var sum = 0.0;
        for (var c = 0; c < classes; c++)
        {
            scores[c] = Math.Exp(scores[c] - max);
            sum += scores[c];
        }

        for (var c = 0; c < classes; c++)
        {
            scores[c] /= sum;
        }
    }
}
