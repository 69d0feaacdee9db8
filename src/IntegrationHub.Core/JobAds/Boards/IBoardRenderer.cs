using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Contracts.JobAds;

namespace IntegrationHub.Core.JobAds.Boards;

/// <summary>Translates the canonical ad into one board's format and checks it against that board's rules. Pure.</summary>
public interface IBoardRenderer
{
    string Board { get; }

    /// <param name="adId">The hub's id of the ad (the board-side key where the board lets the sender choose one).</param>
    /// <param name="ad">Sanitised, with its occupation codes completed.</param>
    BoardRendering Render(string adId, JobAdDocument ad);
}
