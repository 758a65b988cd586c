using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Serialization;

/// <summary>A model as saved: its label names (in class order), the fitted encoder and the classifier.</summary>
public sealed record SavedModel(IReadOnlyList<string> Classes, ITextEncoder Encoder, ILabelModel Model);
