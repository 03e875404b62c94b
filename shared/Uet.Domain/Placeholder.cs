namespace Uet.Domain;
