namespace Uet.Persistence;
