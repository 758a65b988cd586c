using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Serialization;

namespace Tagloop.Learning.Tests.Serialization;

public sealed class ModelFileTests
{
    private static readonly string[] Texts = ["win a free prize now", "free cash prize", "claim your prize", "lunch at noon?", "see you at the meeting", "notes from the meeting", "call me later", "free lunch at the meeting"];

    [Fact]
    public void A_calibrated_single_label_model_round_trips_to_identical_probabilities()
    {
        var encoder = HashedTfidfEncoder.Fit(Texts, bits: 12);
        var model = BayesianSoftmaxRegression.Fit(encoder.Encode(Texts[..6]), [0, 0, 0, 1, 1, 1], 2, new BayesianSoftmaxOptions())
            .WithCalibration(new Calibration(0.7f, 0.2f));
        var loaded = RoundTrip(new SavedModel(["spam", "ham"], encoder, model));

        Assert.Equal(["spam", "ham"], loaded.Classes);
        Assert.False(loaded.Model.MultiLabel);
        Assert.Equal(Probabilities(model, encoder.Encode(Texts)), Probabilities(loaded.Model, loaded.Encoder.Encode(Texts)));
        Assert.Equal(new Calibration(0.7f, 0.2f), ((BayesianSoftmaxRegression)loaded.Model).Calibration);
    }

    [Fact]
    public void A_multi_label_model_round_trips_and_damaged_or_foreign_files_are_refused_by_name()
    {
        var encoder = HashedTfidfEncoder.Fit(Texts, bits: 12);
        var model = BayesianMultiLabelRegression.Fit(encoder.Encode(Texts), [[0], [0], [0], [1], [1], [1], [], [0, 1]], 2, new BayesianSoftmaxOptions());
        using var stream = new MemoryStream();
        ModelFile.Save(stream, new SavedModel(["offer", "work"], encoder, model));
        var bytes = stream.ToArray();
        var loaded = ModelFile.Load(new MemoryStream(bytes));
        Assert.True(loaded.Model.MultiLabel);
        Assert.Equal(Probabilities(model, encoder.Encode(Texts)), Probabilities(loaded.Model, loaded.Encoder.Encode(Texts)));

        var cut = Assert.Throws<InvalidDataException>(() => ModelFile.Load(new MemoryStream(bytes[..(bytes.Length / 2)])));
        Assert.Contains("cut short", cut.Message, StringComparison.Ordinal);
        var future = (byte[])bytes.Clone();
        future[4] = 9;
        Assert.Contains("format 9", Assert.Throws<InvalidDataException>(() => ModelFile.Load(new MemoryStream(future))).Message, StringComparison.Ordinal);
        Assert.Contains("not a Tagloop model", Assert.Throws<InvalidDataException>(() => ModelFile.Load(new MemoryStream("{\"model\": \"other\"}"u8.ToArray()))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_on_minilm_and_tfidf_round_trips_with_its_encoder_and_asks_for_minilm_when_loaded_without_it()
    {
        var cache = Directory.CreateTempSubdirectory("tagloop-modelfile-").FullName;
        try
        {
            var resources = new TextEncoderResources(MiniLmCacheDirectory: cache);
            using var encoder = (JoinedTextEncoder)TextEncoderCatalog.Fit("minilm+tfidf", Texts, resources);
            var x = encoder.Encode(Texts);
            var centred = new FeatureRows(x.Sparse, ((DenseMatrix)x.Dense!).WithCenter(((DenseMatrix)x.Dense!).Mean()));
            var model = BayesianSoftmaxRegression.Fit(centred.SelectRows([0, 1, 2, 3, 4, 5]), [0, 0, 0, 1, 1, 1], 2, new BayesianSoftmaxOptions());

            using var stream = new MemoryStream();
            ModelFile.Save(stream, new SavedModel(["spam", "ham"], encoder, model));
            var bytes = stream.ToArray();
            var loaded = ModelFile.Load(new MemoryStream(bytes), resources);
            Assert.Equal("minilm+tfidf", loaded.Encoder.Name);
            Assert.Equal(Probabilities(model, encoder.Encode(Texts)), Probabilities(loaded.Model, loaded.Encoder.Encode(Texts)));
            (loaded.Encoder as IDisposable)?.Dispose();

            var missing = Assert.Throws<InvalidDataException>(() => ModelFile.Load(new MemoryStream(bytes)));
            Assert.Contains("minilm", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static SavedModel RoundTrip(SavedModel model)
    {
        using var stream = new MemoryStream();
        ModelFile.Save(stream, model);
        stream.Position = 0;
        return ModelFile.Load(stream);
    }

    private static float[] Probabilities(ILabelModel model, FeatureRows x)
    {
        var p = new float[x.Rows * model.Classes];
        model.PredictProbabilities(x, p);
        return p;
    }
}
