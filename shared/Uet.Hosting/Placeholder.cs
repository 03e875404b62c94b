namespace Uet.Hosting;
